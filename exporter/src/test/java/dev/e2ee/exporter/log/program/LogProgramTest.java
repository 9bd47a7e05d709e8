package dev.e2ee.exporter.log.program;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.e2ee.exporter.config.LogFormat;
import dev.e2ee.exporter.config.LogsConfig;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.log.parse.LayoutDetector;
import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.RecordParser;
import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.Scrape;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The log program through its public entry points, fed Synapse 1.160.0's own log
 * (replay/real-synapse/homeserver.log: text and JSON records in one file) and checked against what
 * that run really did (its truth.json, written from the database and the client side).
 */
class LogProgramTest {
  static final String FILE = "/var/log/matrix-synapse/homeserver.log";
  static final List<String> REAL = KeyUploadJoinTest.RealLines.HOMESERVER_LOG;

  /** POST-27's uploader line: its access line is not fed, so its join waits. */
  static final String LONE_UPLOADER =
      REAL.stream()
          .filter(l -> l.contains(" POST-27 - Adding one_time_keys"))
          .findFirst()
          .orElseThrow();

  /** The ways a line reaches the program. */
  enum Entry {
    /** The tailer thread parses it ({@code serve} without workers). */
    LINE,
    /** A worker parsed it ahead with the program's stateless copy ({@code serve} with workers). */
    PARSED_AHEAD,
    /** A worker claims to have parsed it as another layout: the program must parse it again. */
    PARSED_AS_ANOTHER_LAYOUT,
    /** The caller parsed it with a parser of its own (replay merging files by time). */
    PARSED_BY_CALLER
  }

  private static ProgramHarness auto() {
    return new ProgramHarness(LogFormat.AUTO, UserIdMode.FULL, 500);
  }

  private static void feed(ProgramHarness h, Entry entry, List<String> lines) {
    LogProgram program = h.program;
    RecordParser callers =
        LayoutDetector.any(ZoneOffset.UTC, h.clock, LogsConfig.DEFAULTS.maxLineBytes());
    for (String line : lines) {
      RecordParser ahead = program.statelessParserFor(FILE);
      LogRecord record = new LogRecord();
      switch (entry) {
        case LINE -> program.accept(FILE, line);
        case PARSED_AHEAD -> {
          if (ahead == null) {
            program.accept(FILE, line); // no layout detected yet: nothing to parse ahead with
          } else {
            ParseOutcome outcome = ahead.parse(line, record);
            Object facts = outcome == ParseOutcome.RECORD ? program.recordStep().of(record) : null;
            program.accept(FILE, line, ahead.layout(), outcome, record, facts);
          }
        }
        case PARSED_AS_ANOTHER_LAYOUT ->
            // An empty record said to be a parsed one: adopted, it would count nothing right.
            program.accept(FILE, line, "syslog", ParseOutcome.RECORD, record, null);
        case PARSED_BY_CALLER ->
            program.process(FILE, line, callers.parse(line, record), record, callers);
      }
    }
  }

  private static JsonNode truth() throws IOException {
    try (InputStream in =
        LogProgramTest.class.getResourceAsStream(
            "/dev/e2ee/exporter/replay/real-synapse/truth.json")) {
      return new ObjectMapper().readTree(Objects.requireNonNull(in));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Entry.class)
  void everyEntryCountsTheRequestsAndUploadsTheRealRunMade(Entry entry) throws IOException {
    ProgramHarness h = auto();
    feed(h, entry, REAL);
    Scrape scrape = h.settle();
    JsonNode truth = truth();

    for (Map.Entry<String, JsonNode> endpoint : truth.get("requests").properties()) {
      if (endpoint.getKey().equals("other")) {
        continue; // the truth holds the driver's requests only; the log also has the setup's
      }
      // By endpoint: an abandoned request is logged with the handler's status ("200!" or "499!").
      double requests = 0;
      for (JsonNode count : endpoint.getValue()) {
        requests += count.asDouble();
      }
      assertThat(
              sum(
                  scrape,
                  "synapse_e2ee_http_requests_total",
                  "endpoint=\"" + endpoint.getKey() + "\""))
          .as(endpoint.getKey())
          .isEqualTo(requests);
    }
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_http_requests_disconnected_total{endpoint=\"update_delayed_event\"}"))
        .isEqualTo(truth.at("/requests/update_delayed_event/abandoned").asDouble());
    double made = 0;
    for (JsonNode device : truth.get("devices")) {
      String ids =
          "device=\""
              + device.get("device").asText()
              + "\",outcome=\"%s\",user=\""
              + device.get("user").asText()
              + "\"";
      assertThat(uploads(scrape, ids, "ok")).isEqualTo(device.get("uploads_ok").asDouble());
      assertThat(uploads(scrape, ids, "otk_conflict"))
          .isEqualTo(device.get("otk_conflicts").asDouble());
      made += device.get("uploads_ok").asDouble() + device.get("otk_conflicts").asDouble();
      made += device.get("uploads_rejected").asDouble();
    }
    // A rejection with no e2e_keys line names no device: only the total says it was counted.
    assertThat(sum(scrape, "synapse_e2ee_key_uploads_total", "")).isEqualTo(made);
    assertThat(h.program.layouts()).isEqualTo(Map.of(FILE, "json"));
  }

  /** The sum of every series of {@code metric} with {@code label} among its labels. */
  private static double sum(Scrape scrape, String metric, String label) {
    return scrape
        .text()
        .lines()
        .filter(l -> l.startsWith(metric + "{") && l.contains(label))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static double uploads(Scrape scrape, String ids, String outcome) {
    return scrape.value("synapse_e2ee_key_uploads_total{" + ids.formatted(outcome) + "}").orElse(0);
  }

  @ParameterizedTest(name = "{0} s later, flushed {1}: {2} incomplete")
  @CsvSource({"5, false, 0", "5, true, 1", "11, false, 1", "11, true, 1"})
  void anUploadWithoutItsAccessLineIsFinishedAfterTheGraceOrByAFlush(
      int secondsLater, boolean flush, int incomplete) {
    ProgramHarness h = new ProgramHarness();
    h.program.accept(FILE, LONE_UPLOADER);
    h.clock.advance(Duration.ofSeconds(secondsLater));
    h.program.tick(h.clock.millis());
    if (flush) {
      h.program.flush();
    }
    assertThat(
            Scrape.of(h.registry)
                .value(
                    "synapse_e2ee_key_uploads_total{device=\"ALICEXANDROID\",outcome=\"incomplete\","
                        + "user=\"@alice:compat.test\"}")
                .orElse(0))
        .isEqualTo(incomplete);
  }

  @ParameterizedTest(name = "{0} after {1} lines: {2}")
  @CsvSource({
    "TEXT, 0, ''",
    "TEXT, 1, text",
    "AUTO, 0, ''",
    "AUTO, 1, text",
  })
  void aParserToReadAheadWithOnceTheFileIsKnownAndItsLayoutToo(
      LogFormat format, int lines, String layout) {
    ProgramHarness h = new ProgramHarness(format, UserIdMode.FULL, 500);
    h.feed(FILE, REAL.subList(0, lines));
    RecordParser ahead = h.program.statelessParserFor(FILE);
    if (layout.isEmpty()) {
      assertThat(ahead).isNull();
    } else {
      assertThat(ahead).isNotNull();
      assertThat(Objects.requireNonNull(ahead).layout()).isEqualTo(layout);
      assertThat(h.program.statelessParserFor(FILE)).as("a new copy per worker").isNotSameAs(ahead);
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({FILE + ", text", "journald:matrix-synapse.service, journald"})
  void layoutsArePublishedAtTheTickPerSource(String source, String layout) {
    ProgramHarness h = new ProgramHarness();
    h.program.accept(source, REAL.get(0));
    assertThat(h.program.layouts()).as("before the tick").isEmpty();
    h.program.tick(h.clock.millis());
    assertThat(h.program.layouts()).isEqualTo(Map.of(source, layout));
  }

  @Test
  void aStormIsActiveUntilTheLogItselfHasBeenQuietForTheQuietPeriod() {
    int lastConflict = 0;
    for (int i = 0; i < REAL.size(); i++) {
      if (REAL.get(i).contains("already exists")) {
        lastConflict = i;
      }
    }
    ProgramHarness h = auto();
    h.feed(FILE, REAL.subList(0, lastConflict + 2)); // with its access line
    h.program.flush();
    h.program.tick(h.clock.millis());
    List<OtkConflict> active = h.program.activeConflicts();
    assertThat(active).extracting(OtkConflict::deviceId).containsExactly("STORMDESKTOP");
    assertThat(active.get(0).keyId()).isEqualTo("AAAAAAAAAAE");

    // The wall clock is weeks before the log's time: only the log's own clock can end the storm.
    h.clock.advance(Duration.ofDays(30));
    h.program.tick(h.clock.millis());
    assertThat(h.program.activeConflicts()).as("measured on the log's clock").hasSize(1);
  }
}
