package dev.e2ee.exporter.log.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.e2ee.exporter.testing.MutableClock;
import dev.e2ee.fixture.LogShape;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** format: auto on a file of excerpts pasted from several reports, each in its own layout. */
class LayoutDetectorTest {
  private static LayoutDetector auto() {
    return LayoutDetector.any(
        ZoneOffset.UTC, new MutableClock(Instant.parse("2026-12-05T12:00:00Z")), 1 << 20);
  }

  private static String text(int n) {
    return String.format(
        "2026-12-05 10:%02d:%02d,000 - synapse.access.http.8008 - 461 - INFO - GET-%d - 127.0.0.1"
            + " - 8008 - {@u:hs} Processed request: 0.001sec/0.000sec ru=(0.000sec, 0.000sec)"
            + " db=(0.000sec/0.000sec/0) 2B 200 \"GET /_matrix/client/versions HTTP/1.1\" \"x\""
            + " [0 dbevts]",
        n / 60, n % 60, n);
  }

  @Test
  void everyRecordOfEveryExcerptIsARecordWhateverTheLayoutBeforeIt() {
    // 28 excerpts of 1 to 4 records, text, syslog and Docker's json-file in turn. Before: the
    // first records after each change of layout were unrecognised (81 of 85 read in the report).
    LogShape[] shapes = {LogShape.TEXT, LogShape.SYSLOG, LogShape.DOCKER_JSON};
    List<String> lines = new ArrayList<>();
    int n = 0;
    for (int excerpt = 0; excerpt < 28; excerpt++) {
      List<String> records = new ArrayList<>();
      for (int i = 0; i < 1 + excerpt % 4; i++) {
        records.add(text(n++));
      }
      lines.addAll(shapes[excerpt % shapes.length].apply(records));
    }
    LayoutDetector detector = auto();
    LogRecord r = new LogRecord();
    List<String> requests = new ArrayList<>();
    for (String line : lines) {
      assertThat(detector.parse(line, r)).as(line).isEqualTo(ParseOutcome.RECORD);
      requests.add(r.request());
    }
    assertThat(requests).hasSize(n).doesNotHaveDuplicates().allMatch(q -> q.startsWith("GET-"));
  }

  @Test
  void aRecordOfAnotherLayoutDoesNotSwitchUntilThreeInARow() {
    LayoutDetector detector = auto();
    LogRecord r = new LogRecord();
    assertThat(detector.parse(text(0), r)).isEqualTo(ParseOutcome.RECORD);
    List<String> syslog = LogShape.SYSLOG.apply(List.of(text(1), text(2), text(3)));
    assertThat(detector.parse(syslog.get(0), r)).isEqualTo(ParseOutcome.RECORD);
    assertThat(r.request()).isEqualTo("GET-1");
    assertThat(detector.layout()).isEqualTo("text");
    assertThat(detector.parse(syslog.get(1), r)).isEqualTo(ParseOutcome.RECORD);
    assertThat(detector.layout()).isEqualTo("text");
    assertThat(detector.parse(syslog.get(2), r)).isEqualTo(ParseOutcome.RECORD);
    assertThat(detector.layout()).isEqualTo("syslog");
    assertThat(detector.changes()).isEqualTo(1);
  }

  /**
   * The first line of a file in each layout (real Synapse 1.160.0 lines, see each parser's test).
   */
  static Stream<Arguments> firstLines() {
    String banner = DockerJsonParserTest.BANNER;
    String json =
        "{\"log\":\"***** STARTING SERVER *****\",\"namespace\":\"synapse.config.logger\","
            + "\"level\":\"WARNING\",\"time\":1796540097.562}";
    String record =
        "2026-12-06T06:54:57.562Z | - | synapse.config.logger | WARNING | main | ***** STARTING SERVER *****";
    return Stream.of(
        arguments("text", banner, record),
        arguments("json", json, record.replace("| main |", "| - |")),
        arguments(
            "syslog",
            "Dec  6 06:54:57 hs matrix-synapse[147051]: synapse.config.logger: [main] ***** STARTING SERVER *****",
            "2026-12-06T06:54:57Z | matrix-synapse[147051] | synapse.config.logger | - | main | ***** STARTING SERVER *****"),
        arguments("docker-json/text", DockerJsonParserTest.entry(banner + "\n", "stderr"), record),
        arguments(
            "docker-json/json",
            DockerJsonParserTest.entry(json + "\n", "stdout"),
            record.replace("| main |", "| - |")),
        arguments(
            "journald",
            JournalRecordParserTest.entry("\"" + banner + "\""),
            record.replace("| - |", "| matrix-synapse[147051] |")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("firstLines")
  void theFirstRecordNamesItsLayout(String layout, String line, String expected) {
    LayoutDetector detector = auto();
    assertThat(Parsed.describe(detector, line)).isEqualTo(expected);
    assertThat(detector.layout()).isEqualTo(layout);
  }

  @Test
  void aTracebackBeforeAnyRecordLeavesTheLayoutUndetected() {
    LayoutDetector detector = auto();
    assertThat(Parsed.describe(detector, "Traceback (most recent call last):"))
        .isEqualTo("CONTINUATION");
    assertThat(detector.layout()).isEqualTo("undetected");
  }

  @Test
  void adoptsAStatelessCopysAnswerOnlyWhereParsingHereCouldNotDiffer() {
    LayoutDetector d = auto();
    assertThat(d.statelessCopy()).as("nothing detected yet").isNull();
    assertThat(d.adopt("text", ParseOutcome.RECORD)).isFalse();
    assertThat(d.parse(text(0), new LogRecord())).isEqualTo(ParseOutcome.RECORD);
    RecordParser copy = d.statelessCopy();
    assertThat(copy).isNotNull();
    assertThat(copy.layout()).isEqualTo("text");
    assertThat(d.adopt("text", ParseOutcome.RECORD)).isTrue();
    assertThat(d.adopt("text", ParseOutcome.CONTINUATION)).isTrue();
    // Not a text line: the other layouts are tried here, where a switch is counted.
    assertThat(d.adopt("text", ParseOutcome.UNRECOGNISED_LAYOUT)).isFalse();
    assertThat(d.adopt("json", ParseOutcome.RECORD)).as("a copy of another layout").isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "10:47:28 synapse.access.http.8008 - 461 - INFO - GET-1 - ::1 - 8008 - {@u:hs} Processed request",
        "10:47:28.123 INFO synapse.handlers.e2e_keys: Adding one_time_keys",
        "[10:47:28] matrix-synapse: synapse.http.server: [POST-1] SynapseError",
        "Nov 25 10:47 host matrix-synapse[1]: synapse.x: [GET-1] no seconds"
      })
  void aTimeOnlyPrefixIsNeverTakenForATimestamp(String line) {
    LayoutDetector auto = auto();
    assertThat(auto.parse(line, new LogRecord())).isNotEqualTo(ParseOutcome.RECORD);
    assertThat(auto.layout()).isEqualTo("undetected");
  }
}
