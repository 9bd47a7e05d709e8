package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.e2ee.exporter.config.LogFormat;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.log.LogSource;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.Journals;
import dev.e2ee.exporter.testing.NeedsTool;
import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.fixture.LogShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same evening as Synapse writes it, as Docker's json-file driver stores it (a 40 KB line split
 * in three entries, stdout and stderr, a rotated file) and as syslog prefixes it: with {@code
 * format: auto} every shape gives the same per-device and per-minute findings.
 */
class LogLayoutsTest {

  /** IncidentLog plus one 40 KB record right after the first line. */
  static List<String> textWithLongLine() {
    List<String> lines = new ArrayList<>(new IncidentLog().lines());
    lines.add(
        1,
        "2026-11-25 21:00:00,100 - synapse.storage.SQL - 461 - INFO - R-big - "
            + "x".repeat(40_000));
    return lines;
  }

  static List<String> docker(List<String> text) {
    return LogShape.DOCKER_JSON.apply(text);
  }

  static List<String> syslog(List<String> text) {
    return LogShape.SYSLOG.apply(text);
  }

  @Test
  void everyShapeGivesTheSameFindings(@TempDir Path dir) throws Exception {
    List<String> text = textWithLongLine();
    IncidentLog.write(dir.resolve("homeserver.log"), text);
    List<String> docker = docker(text);
    int half = docker.size() / 2;
    IncidentLog.write(dir.resolve("c0ffee-json.log.1"), docker.subList(0, half));
    IncidentLog.write(dir.resolve("c0ffee-json.log"), docker.subList(half, docker.size()));
    IncidentLog.write(dir.resolve("syslog"), syslog(text));

    JsonNode fromText = ReplayCommandTest.replay(dir, dir.resolve("homeserver.log").toString());
    JsonNode fromDocker =
        ReplayCommandTest.replay(
            dir,
            dir.resolve("c0ffee-json.log").toString(),
            dir.resolve("c0ffee-json.log.1").toString());
    JsonNode fromSyslog = ReplayCommandTest.replay(dir, dir.resolve("syslog").toString());

    assertThat(fromText.at("/inputs/files/0/layout").asText()).isEqualTo("text");
    assertThat(fromDocker.at("/inputs/files/0/layout").asText()).isEqualTo("docker-json/text");
    assertThat(fromSyslog.at("/inputs/files/0/layout").asText()).isEqualTo("syslog");
    // The 40 KB line: three entries, two held and joined, one record.
    assertThat(fromDocker.at("/skipped/joined").asLong()).isEqualTo(2);
    assertThat(fromDocker.get("lines").asLong()).isEqualTo(text.size() + 2);
    for (JsonNode shape : List.of(fromDocker, fromSyslog)) {
      assertThat(shape.get("records")).isEqualTo(fromText.get("records"));
      assertThat(shape.at("/skipped/continuation")).isEqualTo(fromText.at("/skipped/continuation"));
      assertThat(shape.get("requests")).isEqualTo(fromText.get("requests"));
      assertThat(shape.at("/ke2/to_device")).isEqualTo(fromText.at("/ke2/to_device"));
      assertThat(shape.at("/ke4/delayed_events")).isEqualTo(fromText.at("/ke4/delayed_events"));
      assertThat(shape.at("/q4/verdict")).isEqualTo(fromText.at("/q4/verdict"));
      assertThat(shape.at("/q4/trouble_minutes")).isEqualTo(fromText.at("/q4/trouble_minutes"));
      JsonNode device = shape.at("/ke1/devices/0");
      JsonNode truth = fromText.at("/ke1/devices/0");
      for (String key :
          List.of(
              "user",
              "device",
              "client",
              "version",
              "conflicts",
              "uploads_ok",
              "peak_conflicts_per_minute",
              "key_ids",
              "values_differ",
              "verdict")) {
        assertThat(device.get(key)).as(key).isEqualTo(truth.get(key));
      }
    }
    // Docker keeps the milliseconds: everything but the inputs is identical.
    assertThat(fromDocker.get("ke1")).isEqualTo(fromText.get("ke1"));
    assertThat(fromDocker.get("q4")).isEqualTo(fromText.get("q4"));
    assertThat(fromText.at("/ke1/devices/0/conflicts").asLong()).isEqualTo(IncidentLog.CONFLICTS);
  }

  @Test
  void serveReadsDockerEntriesAndSyslogLinesWithFormatAuto() throws Exception {
    List<String> text = new IncidentLog().lines();
    ProgramHarness h = new ProgramHarness(LogFormat.AUTO, UserIdMode.FULL, 500);
    h.feed("docker.log", docker(text));
    h.feed("syslog.log", syslog(text));
    var s = h.settle();
    String conflicts =
        "synapse_e2ee_otk_conflicts_total{algorithm=\"signed_curve25519\",device=\"STORMDEV\",user=\"@alice:example.org\"}";
    assertThat(s.valueOrFail(conflicts)).isEqualTo(2 * IncidentLog.CONFLICTS);
    assertThat(h.program.layouts())
        .containsEntry("docker.log", "docker-json/text")
        .containsEntry("syslog.log", "syslog");
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_log_layout_info{file=\"docker.log\",layout=\"docker-json/text\"}"))
        .isEqualTo(1);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_log_lines_skipped_total{file=\"syslog.log\",reason=\"continuation\"}"))
        .isEqualTo(IncidentLog.TRACEBACK_LINES);
  }

  @NeedsTool
  @Test
  void theSameStormFromJournaldThroughJournalctl(@TempDir Path dir) throws Exception {
    Path journalctl = ExternalTool.require("journalctl", "systemd");
    List<String> text = new IncidentLog().lines();
    Path journalDir = dir.resolve("journal");
    Journals.write(dir, journalDir, String.join("\n", LogShape.JOURNALD.apply(text)) + "\n");
    ProgramHarness journal = new ProgramHarness(LogFormat.AUTO, UserIdMode.FULL, 500);
    LogSource source =
        journal.tail(
            Journals.config(journalDir, dir.resolve("positions.json"), journalctl.toString()));
    String label = "journald:SYSLOG_IDENTIFIER=matrix-synapse@" + journalDir;
    try {
      Await.until(
          () ->
              Scrape.of(journal.registry)
                      .value("synapse_e2ee_log_records_total{file=\"" + label + "\"}")
                      .orElse(0)
                  == text.size() - IncidentLog.TRACEBACK_LINES,
          Duration.ofSeconds(30));
    } finally {
      source.close();
    }
    ProgramHarness fromText = new ProgramHarness(LogFormat.AUTO, UserIdMode.FULL, 500);
    fromText.feed("homeserver.log", text);
    Scrape truth = fromText.settle();
    Scrape read = journal.settle();
    for (String sample :
        List.of(
            "synapse_e2ee_otk_conflicts_total{algorithm=\"signed_curve25519\",device=\"STORMDEV\",user=\"@alice:example.org\"}",
            "synapse_e2ee_key_uploads_total{device=\"STORMDEV\",outcome=\"ok\",user=\"@alice:example.org\"}",
            "synapse_e2ee_to_device_requests_total{code=\"200\",event_type=\"m.room.encrypted\"}",
            "synapse_e2ee_to_device_requests_total{code=\"429\",event_type=\"io.element.call.encryption_keys\"}",
            "synapse_e2ee_delayed_event_disconnects_total{user=\"@alice:example.org\"}")) {
      assertThat(read.valueOrFail(sample)).as(sample).isEqualTo(truth.valueOrFail(sample));
    }
    assertThat(
            read.valueOrFail(
                "synapse_e2ee_otk_conflicts_total{algorithm=\"signed_curve25519\",device=\"STORMDEV\",user=\"@alice:example.org\"}"))
        .isEqualTo(IncidentLog.CONFLICTS);
    assertThat(journal.program.layouts()).containsEntry(label, "journald");

    // The same journal saved with journalctl -o json and replayed: the evening of a journald
    // homeserver, without any log file.
    ExternalTool.Result dump =
        ExternalTool.run(
            dir,
            List.of(
                journalctl.toString(),
                "--directory=" + journalDir,
                "--output=json",
                "--no-pager",
                "SYSLOG_IDENTIFIER=matrix-synapse"));
    assertThat(dump.exitCode()).as(dump.output()).isZero();
    Path saved = dir.resolve("evening.json");
    Files.writeString(saved, dump.output());
    IncidentLog.write(dir.resolve("homeserver.log"), text);
    JsonNode fromDump = ReplayCommandTest.replay(dir, saved.toString());
    JsonNode replayedText = ReplayCommandTest.replay(dir, dir.resolve("homeserver.log").toString());
    assertThat(fromDump.at("/inputs/files/0/layout").asText()).isEqualTo("journald");
    for (String key : List.of("records", "requests", "ke1", "ke2", "ke4", "q4")) {
      assertThat(fromDump.get(key)).as(key).isEqualTo(replayedText.get(key));
    }
  }

  @Test
  void aLayoutChangeMidFileIsDetectedAndCounted() {
    ProgramHarness h = new ProgramHarness(LogFormat.AUTO, UserIdMode.FULL, 500);
    List<String> text = new IncidentLog().lines();
    List<String> lines = new ArrayList<>(text.subList(0, 100));
    lines.addAll(syslog(text).subList(100, text.size()));
    h.feed("homeserver.log", lines);
    var s = h.settle();
    assertThat(h.program.layouts()).containsEntry("homeserver.log", "syslog");
    assertThat(s.valueOrFail("synapse_e2ee_log_layout_changes_total{file=\"homeserver.log\"}"))
        .isEqualTo(1);
    // The records before the switch are records too: none is lost to the change.
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_log_lines_skipped_total{file=\"homeserver.log\",reason=\"unrecognised_layout\"}"))
        .isZero();
    ProgramHarness allText = new ProgramHarness(LogFormat.AUTO, UserIdMode.FULL, 500);
    allText.feed("homeserver.log", text);
    assertThat(s.valueOrFail("synapse_e2ee_log_records_total{file=\"homeserver.log\"}"))
        .isEqualTo(
            allText
                .settle()
                .valueOrFail("synapse_e2ee_log_records_total{file=\"homeserver.log\"}"));
  }
}
