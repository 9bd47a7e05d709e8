package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.e2ee.exporter.testing.Commands;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay} against {@link IncidentLog}, whose every count is known: each JSON key
 * docs/replay-and-backfill.md documents, the same numbers from rotated + gzipped files given in any
 * order and from two worker files, the window cut-offs, and a corrupt .gz.
 */
class ReplayCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode replay(Path dir, String... args) throws Exception {
    Path json = dir.resolve("report-" + System.nanoTime() + ".json");
    List<String> full = new ArrayList<>(List.of("replay", "--json", json.toString()));
    full.addAll(List.of(args));
    Commands.Outcome o = Commands.run(full.toArray(String[]::new));
    assertThat(o.exit()).as(o.err()).isZero();
    return JSON.readTree(json.toFile());
  }

  static Path oneFile(Path dir) throws Exception {
    Path log = dir.resolve("homeserver.log");
    IncidentLog.write(log, new IncidentLog().lines());
    return log;
  }

  @Test
  void everyDocumentedKeyHoldsTheGeneratedTruth(@TempDir Path dir) throws Exception {
    JsonNode r = replay(dir, oneFile(dir).toString());
    int lines = new IncidentLog().lines().size();
    assertThat(r.get("format_version").asInt()).isEqualTo(1);
    assertThat(r.get("lines").asLong()).isEqualTo(lines);
    assertThat(r.get("records").asLong()).isEqualTo(lines - IncidentLog.TRACEBACK_LINES);
    assertThat(r.at("/skipped/continuation").asLong()).isEqualTo(IncidentLog.TRACEBACK_LINES);
    assertThat(r.at("/skipped/outside_range").asLong()).isZero();
    assertThat(r.at("/inputs/first_record").asText()).isEqualTo("2026-11-25T21:00:00.100Z");
    assertThat(r.at("/inputs/files/0/layout").asText()).isEqualTo("text");

    assertThat(map(r.at("/requests/keys_upload"))).isEqualTo(Map.of("200", 5L, "400", 150L));
    assertThat(map(r.at("/requests/send_to_device"))).isEqualTo(Map.of("200", 72L, "429", 2L));
    assertThat(map(r.at("/requests/sync"))).isEqualTo(Map.of("200", 120L));
    assertThat(map(r.at("/requests/update_delayed_event")))
        .isEqualTo(Map.of("200", 11L, "499", 5L));
    assertThat(map(r.at("/requests/other"))).isEqualTo(Map.of("200", 605L));

    assertThat(r.at("/ke1/devices")).hasSize(1);
    JsonNode d = r.at("/ke1/devices/0");
    assertThat(d.get("user").asText()).isEqualTo(IncidentLog.ALICE);
    assertThat(d.get("device").asText()).isEqualTo(IncidentLog.STORM_DEVICE);
    assertThat(d.get("client").asText()).isEqualTo("Element Desktop");
    assertThat(d.get("version").asText()).isEqualTo("1.12.8");
    assertThat(d.get("conflicts").asLong()).isEqualTo(IncidentLog.CONFLICTS);
    assertThat(d.get("uploads_ok").asLong()).isEqualTo(3);
    assertThat(d.get("first_conflict").asText()).isEqualTo("2026-11-25T21:01:00Z");
    assertThat(d.get("last_conflict").asText()).isEqualTo("2026-11-25T21:05:58Z");
    assertThat(d.get("peak_conflicts_per_minute").asLong()).isEqualTo(30);
    assertThat(d.get("key_ids").get(0).asText()).isEqualTo("signed_curve25519:AAAAAAAAAFA");
    assertThat(d.get("key_ids")).hasSize(1);
    assertThat(d.get("values_differ").asText()).isEqualTo("yes");
    // Synapse's error names both values and is raised only when they differ: divergence, as
    // values_differ says, not a client loop "without a divergent stored key".
    assertThat(d.get("verdict").asText()).isEqualTo("divergence");
    assertThat(d.get("verdict_from_log").asText()).isEqualTo("divergence");
    assertThat(d.get("verdict_evidence").asText())
        .isEqualTo(
            "Synapse's error for key id AAAAAAAAAFA shows a stored value other than the uploaded"
                + " one (not checked against the database); 150 uploads rejected, 150 in a row for"
                + " this key id (Element Desktop 1.12.8)");
    assertThat(d.get("runbook").asText()).startsWith("RUNBOOK KE-1, Q1 yes");
    assertThat(d.get("at_end").asText()).isEqualTo("still rejected when the log ends");

    assertThat(map(r.at("/ke2/to_device/m.room.encrypted"))).isEqualTo(Map.of("200", 60L));
    assertThat(map(r.at("/ke2/call_encryption_keys"))).isEqualTo(Map.of("200", 12L, "429", 2L));
    assertThat(r.at("/ke2/minutes")).hasSize(10);

    JsonNode delayed = r.at("/ke4/delayed_events");
    assertThat(map(delayed.at("/requests/restart"))).isEqualTo(Map.of("200", 11L, "499", 5L));
    assertThat(delayed.get("disconnects").asLong()).isEqualTo(5);
    assertThat(delayed.get("p50_seconds").asDouble()).isEqualTo(0.1);
    assertThat(delayed.get("p99_seconds").asDouble()).isEqualTo(0.8);

    JsonNode q4 = r.get("q4");
    assertThat(q4.get("verdict").asText()).isEqualTo("mixed");
    assertThat(q4.get("trouble_minutes").asLong()).isEqualTo(2);
    assertThat(q4.get("loaded_trouble_minutes").asLong()).isEqualTo(1);
    assertThat(q4.get("rows")).hasSize(3);
    JsonNode fast = q4.at("/rows/0");
    assertThat(fast.get("minute").asText()).isEqualTo("2026-11-25T21:02:00Z");
    assertThat(fast.get("delayed_requests").asLong()).isEqualTo(6);
    assertThat(fast.get("disconnects").asLong()).isEqualTo(2);
    // /sync's 30 s long polls are left out: otherwise this minute would count as loaded.
    assertThat(fast.get("homeserver_p99_seconds").asDouble()).isEqualTo(0.8);
    assertThat(fast.get("loaded").asBoolean()).isFalse();
    JsonNode slow = q4.at("/rows/1");
    assertThat(slow.get("minute").asText()).isEqualTo("2026-11-25T21:07:00Z");
    assertThat(slow.get("homeserver_p99_seconds").asDouble()).isEqualTo(3.5);
    assertThat(slow.get("loaded").asBoolean()).isTrue();
    assertThat(q4.at("/rows/2/trouble").asBoolean()).isFalse();
    assertThat(r.get("errors")).isEmpty();
  }

  @Test
  void rotatedAndGzippedFilesInAnyOrderGiveTheSameNumbers(@TempDir Path dir) throws Exception {
    List<String> lines = new IncidentLog().lines();
    int third = lines.size() / 3;
    // Split inside a key upload's lines: the join must carry across a rotation.
    IncidentLog.writeGzip(dir.resolve("homeserver.log.2.gz"), lines.subList(0, third + 1));
    IncidentLog.write(dir.resolve("homeserver.log.1"), lines.subList(third + 1, 2 * third));
    IncidentLog.write(dir.resolve("homeserver.log"), lines.subList(2 * third, lines.size()));
    JsonNode rotated =
        replay(
            dir,
            dir.resolve("homeserver.log").toString(),
            dir.resolve("homeserver.log.2.gz").toString(),
            dir.resolve("homeserver.log.1").toString());
    JsonNode single = replay(dir, oneFile(Files.createDirectory(dir.resolve("single"))).toString());
    assertThat(rotated.at("/inputs/files")).hasSize(3);
    assertThat(rotated.at("/inputs/files/0/name").asText()).endsWith("homeserver.log.2.gz");
    assertThat(rotated.at("/inputs/files/2/name").asText()).endsWith("homeserver.log");
    assertSameFindings(rotated, single);
  }

  @Test
  void twoWorkerFilesAreMergedByTime(@TempDir Path dir) throws Exception {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    List<IncidentLog.Event> events = new IncidentLog().events();
    for (int i = 0; i < events.size(); i++) {
      (i % 2 == 0 ? first : second).addAll(events.get(i).lines());
    }
    IncidentLog.write(dir.resolve("generic_worker1.log"), first);
    IncidentLog.write(dir.resolve("generic_worker2.log"), second);
    JsonNode workers =
        replay(
            dir,
            dir.resolve("generic_worker2.log").toString(),
            dir.resolve("generic_worker1.log").toString());
    JsonNode single = replay(dir, oneFile(dir).toString());
    assertThat(workers.at("/inputs/files/0/process").asText()).isEqualTo("generic_worker2.log");
    assertThat(workers.at("/inputs/files/1/process").asText()).isEqualTo("generic_worker1.log");
    assertSameFindings(workers, single);
  }

  @Test
  void fromAndToCutTheWindowAndQ4AnswersEachHalf(@TempDir Path dir) throws Exception {
    String log = oneFile(dir).toString();
    JsonNode early = replay(dir, "--to", "2026-11-25T21:06:00Z", log);
    JsonNode late = replay(dir, "--from", "2026-11-25T21:06:00Z", log);
    assertThat(early.at("/q4/verdict").asText()).isEqualTo("client_retry");
    assertThat(late.at("/q4/verdict").asText()).isEqualTo("homeserver_load");
    assertThat(early.at("/ke1/devices/0/conflicts").asLong()).isEqualTo(150);
    assertThat(late.at("/ke1/devices")).isEmpty();
    assertThat(early.at("/inputs/stopped_at_to").asBoolean()).isTrue();
    assertThat(late.at("/inputs/first_record").asText()).isEqualTo("2026-11-25T21:06:00.100Z");
    // Every line is in exactly one half: the records split, nothing is counted twice or lost.
    long lines = new IncidentLog().lines().size();
    assertThat(
            early.get("records").asLong()
                + late.get("records").asLong()
                + IncidentLog.TRACEBACK_LINES)
        .isEqualTo(lines);
    assertThat(late.at("/skipped/outside_range").asLong())
        .isEqualTo(early.get("lines").asLong() - 1);
    assertThat(map(early.at("/requests/keys_upload")).get("400")).isEqualTo(150L);
  }

  @Test
  void aCorruptGzipIsNamedAndTheRestIsStillReported(@TempDir Path dir) throws Exception {
    List<String> lines = new IncidentLog().lines();
    Path gz = dir.resolve("homeserver.log.1.gz");
    IncidentLog.writeGzip(gz, lines.subList(0, lines.size() / 2));
    byte[] bytes = Files.readAllBytes(gz);
    for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
      bytes[i] ^= 0x5a;
    }
    Files.write(gz, bytes);
    IncidentLog.write(dir.resolve("homeserver.log"), lines.subList(lines.size() / 2, lines.size()));
    Path json = dir.resolve("r.json");
    Path md = dir.resolve("r.md");
    Commands.Outcome o =
        Commands.run(
            "replay",
            "--json",
            json.toString(),
            "--report",
            md.toString(),
            gz.toString(),
            dir.resolve("homeserver.log").toString());
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("homeserver.log.1.gz");
    JsonNode r = JSON.readTree(json.toFile());
    assertThat(r.get("errors").get(0).asText())
        .contains("homeserver.log.1.gz")
        .contains("read failed");
    assertThat(r.at("/inputs/files/0/error").asText()).contains("read failed after");
    assertThat(r.at("/inputs/files/1/error").isNull()).isTrue();
    assertThat(r.at("/inputs/files/1/lines").asLong()).isEqualTo(lines.size() - lines.size() / 2);
    assertThat(Files.readString(md)).contains("Incomplete input").contains("homeserver.log.1.gz");
  }

  @Test
  void linesBeforeTheFirstRecordAreCountedByWhatTheyAre(@TempDir Path dir) throws Exception {
    List<String> lines = new ArrayList<>(List.of("", "a stray line of some other program"));
    lines.addAll(new IncidentLog().lines());
    Path log = dir.resolve("homeserver.log");
    IncidentLog.write(log, lines);
    JsonNode r = replay(dir, log.toString());
    assertThat(r.at("/skipped/outside_range").asLong()).isZero();
    assertThat(r.at("/skipped/empty").asLong()).isEqualTo(1);
    assertThat(r.at("/skipped/unrecognised_layout").asLong()).isEqualTo(1);
    assertThat(r.get("lines").asLong()).isEqualTo(lines.size());
  }

  @Test
  void anExplicitFormatIsNamedInTheReport(@TempDir Path dir) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("config.yml"),
            """
            synapse: {server_name: example.org, log_timezone: UTC}
            database: {enabled: false}
            logs: {format: text}
            """);
    JsonNode r = replay(dir, "--config", config.toString(), oneFile(dir).toString());
    assertThat(r.at("/inputs/files/0/layout").asText()).isEqualTo("text");
    assertThat(r.at("/ke1/devices/0/conflicts").asLong()).isEqualTo(IncidentLog.CONFLICTS);
  }

  @Test
  void usageErrorsExitTwo(@TempDir Path dir) throws Exception {
    String log = oneFile(dir).toString();
    assertThat(Commands.run("replay").exit()).isEqualTo(2);
    assertThat(Commands.run("replay", "--step", "7s", log).exit()).isEqualTo(2);
    assertThat(Commands.run("replay", "--step", "soon", log).exit()).isEqualTo(2);
    assertThat(
            Commands.run(
                    "replay", "--from", "2026-11-25T21:06:00Z", "--to", "2026-11-25T21:00:00Z", log)
                .exit())
        .isEqualTo(2);
    assertThat(Commands.run("replay", "--confirm", log).exit()).isEqualTo(2);
    assertThat(Commands.run("replay", "--log-timezone", "Mars/Olympus", log).exit()).isEqualTo(2);
    assertThat(Commands.run("replay", "--label", "job=x", log).exit()).isEqualTo(2);
    assertThat(Commands.run("replay", "--label", "bad-name=x", log).exit()).isEqualTo(2);
  }

  @Test
  void usageErrorsAreSentencesNotJava(@TempDir Path dir) throws Exception {
    String log = oneFile(dir).toString();
    Commands.Outcome time = Commands.run("replay", "--from", "yesterday", log);
    assertThat(time.exit()).isEqualTo(2);
    assertThat(time.err())
        .contains(
            "'yesterday' is not a time: write UTC as 2026-11-25T21:00:00Z (seconds optional:"
                + " 2026-11-25T21:00Z), another offset as 2026-11-25T22:00:00+01:00, or a date"
                + " 2026-11-25 for its midnight UTC")
        .doesNotContain("java.");
    Commands.Outcome label = Commands.run("replay", "--label", "homeserver", log);
    assertThat(label.exit()).isEqualTo(2);
    assertThat(label.err())
        .contains(
            "error: --label homeserver: give the label as NAME=VALUE, e.g. --label"
                + " homeserver=matrix.example.org")
        .doesNotContain("option option");
    Commands.Outcome zone = Commands.run("replay", "--log-timezone", "Mars/Olympus", log);
    assertThat(zone.err())
        .contains("error: --log-timezone Mars/Olympus: unknown time zone")
        .doesNotContain("the command line:");
    JsonNode labelled = replay(dir, "--label", "homeserver=hs-a", "--from", "2026-11-25", log);
    assertThat(labelled.at("/inputs/from").asText()).isEqualTo("2026-11-25T00:00:00Z");
  }

  @Test
  void withoutAnOutputTheMarkdownReportGoesToStdout(@TempDir Path dir) throws Exception {
    Commands.Outcome o = Commands.run("replay", oneFile(dir).toString());
    assertThat(o.exit()).isZero();
    assertThat(o.out())
        .contains("device `STORMDEV` of `@alice:example.org` (Element Desktop 1.12.8)")
        .contains("150 uploads rejected from 2026-11-25T21:01:00Z to 2026-11-25T21:05:58Z")
        .contains("Verdict **divergence**")
        .contains("KE-4 / Q4: **mixed**")
        .contains("Requests by action and status: restart: 11 with status 200, 5 with 499")
        .contains("(`io.element.call.encryption_keys`): 12 with status 200, 2 with 429.")
        .doesNotContain("={");
    assertThat(o.err()).isEmpty();
  }

  @Test
  void standardInputIsReadAsOneProcess(@TempDir Path dir) throws Exception {
    InputStream in = System.in;
    try {
      System.setIn(
          new ByteArrayInputStream(
              Files.readAllBytes(oneFile(Files.createDirectory(dir.resolve("in"))))));
      JsonNode piped = replay(dir, "-");
      assertThat(piped.at("/inputs/files/0/name").asText()).isEqualTo("-");
      assertThat(piped.at("/inputs/files/0/process").asText()).isEqualTo("stdin");
      assertSameFindings(piped, replay(dir, oneFile(dir).toString()));
    } finally {
      System.setIn(in);
    }
  }

  @Test
  void structuredJsonLogsGiveTheSameFindings(@TempDir Path dir) throws Exception {
    List<String> json = new ArrayList<>();
    for (String line : new IncidentLog().lines()) {
      String[] f = line.split(" - ", 6);
      if (f.length < 6) {
        continue; // Synapse's JSON formatter keeps a traceback inside its record
      }
      long millis =
          LocalDateTime.parse(f[0].replace(' ', 'T').replace(',', '.'))
              .toInstant(ZoneOffset.UTC)
              .toEpochMilli();
      json.add(
          JSON.writeValueAsString(
              Map.of(
                  "log", f[5],
                  "namespace", f[1],
                  "level", f[3],
                  "time", millis / 1000.0,
                  "request", f[4],
                  "server_name", "example.org")));
    }
    Path file = dir.resolve("homeserver.json.log");
    IncidentLog.write(file, json);
    JsonNode fromJson = replay(dir, file.toString());
    JsonNode fromText = replay(dir, oneFile(dir).toString());
    assertThat(fromJson.at("/inputs/files/0/layout").asText()).isEqualTo("json");
    assertThat(fromJson.get("records")).isEqualTo(fromText.get("records"));
    for (String key : List.of("requests", "ke1", "ke2", "ke4", "q4")) {
      assertThat(fromJson.get(key)).as(key).isEqualTo(fromText.get(key));
    }
  }

  /** Everything but the inputs: what was found must not depend on how the log was split. */
  static void assertSameFindings(JsonNode a, JsonNode b) {
    for (String key :
        List.of("lines", "records", "skipped", "requests", "ke1", "ke2", "ke4", "q4")) {
      assertThat(a.get(key)).as(key).isEqualTo(b.get(key));
    }
  }

  static Map<String, Long> map(JsonNode node) {
    Map<String, Long> out = new TreeMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }
}
