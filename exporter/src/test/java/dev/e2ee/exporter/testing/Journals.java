package dev.e2ee.exporter.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.JournaldConfig;
import dev.e2ee.exporter.config.LogsConfig;
import dev.e2ee.exporter.config.StartAt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Real journal files for tests: systemd-journal-remote turns export format into them. */
public final class Journals {
  private Journals() {}

  /** Appends {@code export} (journald's export format) to the journal in {@code journalDir}. */
  public static void write(Path dir, Path journalDir, String export) throws Exception {
    Path remote =
        ExternalTool.require(
            "systemd-journal-remote",
            "systemd-journal-remote",
            List.of("/lib/systemd", "/usr/lib/systemd"));
    Path input = Files.createTempFile(dir, "entries", ".export");
    Files.writeString(input, export, StandardCharsets.UTF_8);
    Files.createDirectories(journalDir);
    ExternalTool.Result r =
        ExternalTool.run(
            dir,
            List.of(
                remote.toString(),
                "--output=" + journalDir.resolve("remote.journal"),
                input.toString()));
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  /** Logs read from the journal directory by journalctl, positions kept in {@code positions}. */
  public static LogsConfig config(Path journalDir, Path positions, String journalctl) {
    JournaldConfig journald =
        new JournaldConfig(
            Optional.empty(),
            List.of("SYSLOG_IDENTIFIER=matrix-synapse"),
            Optional.of(journalDir),
            journalctl);
    return LogsConfig.DEFAULTS.with(
        l -> {
          l.files = List.of();
          l.startAt = StartAt.BEGINNING;
          l.pollInterval = Duration.ofMillis(50);
          l.positionsFile = Optional.of(positions);
          l.journald = Optional.of(journald);
        });
  }
}
