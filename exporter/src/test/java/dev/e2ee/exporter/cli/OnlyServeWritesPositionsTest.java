package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} and {@code replay} run beside the service with its config: neither may touch its
 * positions file or lock (a write would move the service's offsets; a lock would stop it).
 */
class OnlyServeWritesPositionsTest {

  @Test
  void checkAndReplayLeaveThePositionsFileAlone(@TempDir Path dir) throws Exception {
    Path log =
        Files.writeString(
            dir.resolve("homeserver.log"), CheckCommandTest.LOG_LINE + CheckCommandTest.LOG_LINE);
    Path state = dir.resolve("state");
    Path config =
        Files.writeString(
            dir.resolve("config.yml"),
            String.join(
                "\n",
                ConfigYaml.synapseAndLogs(log, "auto", state.resolve("positions.json")),
                "database: {enabled: false}",
                ""));

    Commands.Outcome check = Commands.run("check", "--config", config.toString());
    assertThat(check.out()).as(check.err()).contains("ok    log " + log);
    Commands.Outcome replay =
        Commands.replayToJson(config, dir.resolve("report.json"), log.toString());
    assertThat(replay.exit()).as(replay.out() + replay.err()).isZero();

    assertThat(state).doesNotExist();
  }
}
