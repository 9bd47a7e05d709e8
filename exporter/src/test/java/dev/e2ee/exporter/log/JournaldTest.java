package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.e2ee.exporter.config.ConfigLoader;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.LogFormat;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.Journals;
import dev.e2ee.exporter.testing.NeedsTool;
import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.fixture.DemoLogWriter;
import dev.e2ee.fixture.SynapseTextLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * journald as the log source, on real journal files: made by systemd-journal-remote from export
 * format, read by the real journalctl (--directory). A KE-1 storm in the Debian package's journal
 * shape is counted per device; a restart resumes after the saved cursor, with no entry lost or read
 * twice; a missing journalctl is a clear problem, not a crash.
 */
class JournaldTest {
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS").withZone(ZoneOffset.UTC);
  private static final String CONFLICTS =
      "synapse_e2ee_otk_conflicts_total{algorithm=\"signed_curve25519\",device=\"J1\",user=\"@alice:example.org\"}";

  /**
   * {@code count} rejected uploads of device J1, from second {@code from}, in journal export
   * format.
   */
  static String storm(int from, int count) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < from + count; i++) {
      long millis = Instant.parse("2026-11-25T21:00:00Z").toEpochMilli() + i * 1000L;
      String ts = ASCTIME.format(Instant.ofEpochMilli(millis));
      String request = "POST-" + i;
      String adding =
          "Adding one_time_keys dict_keys(['signed_curve25519:AAAAAAAAAFA']) for device 'J1' for"
              + " user '@alice:example.org' at "
              + millis;
      String conflict =
          "<XForwardedForRequest at 0x7f method='POST' uri='/_matrix/client/v3/keys/upload'"
              + " clientproto='HTTP/1.1' site='8008'> SynapseError: 400 - One time key"
              + " signed_curve25519:AAAAAAAAAFA already exists. Old key: {\"key\":\"a\"}; new key:"
              + " {'key': 'b'}";
      String access =
          SynapseTextLines.accessWithRequest(
                  ts,
                  request,
                  "POST",
                  "@alice:example.org",
                  "/_matrix/client/v3/keys/upload",
                  "400",
                  0.012,
                  63,
                  DemoLogWriter.STORM_AGENT)
              .split(" - " + request + " - ", 2)[1];
      entry(b, millis, i * 3, "synapse.handlers.e2e_keys: [" + request + "] " + adding);
      entry(b, millis, i * 3 + 1, "synapse.http.server: [" + request + "] " + conflict);
      entry(b, millis, i * 3 + 2, "synapse.access.http.8008: [" + request + "] " + access);
    }
    return b.toString();
  }

  private static void entry(StringBuilder b, long millis, int seq, String message) {
    b.append("__REALTIME_TIMESTAMP=")
        .append(millis * 1000 + seq)
        .append("\n__MONOTONIC_TIMESTAMP=")
        .append(1_000_000L + seq)
        .append("\n_BOOT_ID=0123456789abcdef0123456789abcdef\n_PID=147051\n")
        .append("SYSLOG_IDENTIFIER=matrix-synapse\n_HOSTNAME=hs1\nMESSAGE=")
        .append(message)
        .append("\n\n");
  }

  @NeedsTool
  @Test
  void aStormInTheJournalIsCountedAndARestartResumesAfterItsCursor(@TempDir Path dir)
      throws Exception {
    Path journalctl = ExternalTool.require("journalctl", "systemd");
    Path journalDir = dir.resolve("journal");
    Journals.write(dir, journalDir, storm(0, 40));
    Path positions = dir.resolve("positions.json");

    ProgramHarness first = new ProgramHarness(LogFormat.AUTO, UserIdMode.FULL, 500);
    LogSource source = first.tail(Journals.config(journalDir, positions, journalctl.toString()));
    try {
      Await.until(
          () -> Scrape.of(first.registry).value(CONFLICTS).orElse(0) == 40, Duration.ofSeconds(30));
      assertThat(source.status().detail()).contains("journald: 120 entries read");
    } finally {
      source.close();
    }
    assertThat(Files.readString(positions)).contains("\"journal\"").contains("s=");

    // New entries while the exporter was down, then a restart from the positions file.
    Journals.write(dir, journalDir, storm(40, 10));
    ProgramHarness second = new ProgramHarness(LogFormat.AUTO, UserIdMode.FULL, 500);
    LogSource again = second.tail(Journals.config(journalDir, positions, journalctl.toString()));
    try {
      Await.until(
          () -> Scrape.of(second.registry).value(CONFLICTS).orElse(0) >= 10,
          Duration.ofSeconds(30));
      Scrape s = second.settle();
      assertThat(s.valueOrFail(CONFLICTS)).as("only the entries after the cursor").isEqualTo(10);
      String label = "journald:SYSLOG_IDENTIFIER=matrix-synapse@" + journalDir;
      assertThat(s.valueOrFail("synapse_e2ee_log_records_total{file=\"" + label + "\"}"))
          .isEqualTo(30);
    } finally {
      again.close();
    }
  }

  @Test
  void aMissingJournalctlIsAProblemNamedInTheStatus(@TempDir Path dir) throws Exception {
    ProgramHarness h = new ProgramHarness(LogFormat.AUTO, UserIdMode.FULL, 500);
    LogSource source =
        h.tail(
            Journals.config(
                dir, dir.resolve("positions.json"), dir.resolve("no-journalctl").toString()));
    try {
      Await.until(
          () -> source.status().detail().contains("journalctl could not be run"),
          Duration.ofSeconds(10));
      assertThat(source.status().state().name()).isEqualTo("DOWN");
    } finally {
      source.close();
    }
  }

  /**
   * Injected fault: a journalctl that writes far more to stderr than a pipe holds, one entry, then
   * fails. The reader must drain stderr while it runs (or the child would block for good), hand the
   * entry on, and name the failure with journalctl's last words.
   */
  @Test
  void aJournalctlThatComplainsAndFailsIsNamedNotHung(@TempDir Path dir) throws Exception {
    Path fake = dir.resolve("journalctl");
    Files.writeString(
        fake,
        "#!/bin/sh\n"
            + "i=0; while [ $i -lt 20000 ]; do echo \"warning: journal file corrupted $i\" >&2;"
            + " i=$((i+1)); done\n"
            + "echo '{\"__CURSOR\":\"c1\",\"MESSAGE\":\"synapse.x: [GET-1] hello\","
            + "\"__REALTIME_TIMESTAMP\":\"1764104400000000\"}'\n"
            + "exit 3\n");
    assertThat(fake.toFile().setExecutable(true)).isTrue();
    ProgramHarness h = new ProgramHarness(LogFormat.AUTO, UserIdMode.FULL, 500);
    LogSource source = h.tail(Journals.config(dir, dir.resolve("p.json"), fake.toString()));
    try {
      Await.until(
          () -> source.status().detail().contains("journalctl exited with 3"),
          Duration.ofSeconds(30));
      assertThat(source.status().detail())
          .contains("warning: journal file corrupted 19999")
          .doesNotContain("0 entries");
    } finally {
      source.close();
    }
  }

  private static final String HEAD = "synapse: {server_name: hs}\ndatabase: {enabled: false}\n";

  @Test
  void theJournaldSectionIsValidated() {
    ExporterConfig ok =
        ConfigLoader.parse(HEAD + "logs: {journald: {unit: matrix-synapse.service}}", "t.yml");
    assertThat(ok.logs().files()).as("no file by default beside journald").isEmpty();
    assertThat(ok.logs().journald().orElseThrow().unit()).contains("matrix-synapse.service");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    HEAD + "logs: {journald: {directory: /var/log/journal}}", "t.yml"))
        .hasMessageContaining("logs.journald.unit")
        .hasMessageContaining("set unit");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(HEAD + "logs: {journald: {matches: [matrix-synapse]}}", "t.yml"))
        .hasMessageContaining("FIELD=value");
  }
}
