package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.NeedsTool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay's progress line, in a JVM of its own since a terminal is a property of file descriptor 2:
 * on a terminal (util-linux's script gives the replay one) a line rewritten in place with the bytes
 * read of the total and the rate; on a pipe, as in CI logs, nothing.
 */
@NeedsTool
class ProgressLineTest {
  @TempDir Path dir;

  /** {@code replay} of Synapse 1.160.0's log in a new JVM on this test's classpath. */
  List<String> replay() throws Exception {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1",
        "-cp",
        System.getProperty("java.class.path"),
        Main.class.getName(),
        "replay",
        "--report",
        dir.resolve("report.md").toString(),
        ReplayCommandTest.realLog());
  }

  @Test
  void onATerminalTheLineShowsBytesOfTheTotalAndTheRateThenEndsTheLine() throws Exception {
    Path script = ExternalTool.require("script", "bsdutils");
    List<String> command = new ArrayList<>(List.of(script.toString(), "-qec"));
    command.add(String.join(" ", replay()));
    command.add("/dev/null");
    ExternalTool.Result r = ExternalTool.run(dir, command);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output())
        .as("the log is 0.2 MB: 0 MB of 0 MB")
        .containsPattern("\rreplay: 0 MB of 0 MB, [0-9]+ lines/s(, [0-9]+ s left)? {3}\r?\n");
  }

  @Test
  void onAPipeNothingIsShown() throws Exception {
    ExternalTool.Result r = ExternalTool.run(dir, replay());
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).doesNotContain("replay: ").doesNotContain("\r");
  }
}
