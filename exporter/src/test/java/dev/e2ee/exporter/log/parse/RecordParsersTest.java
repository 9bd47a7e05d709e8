package dev.e2ee.exporter.log.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.LogFormat;
import dev.e2ee.exporter.config.LogsConfig;
import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.testing.MutableClock;
import dev.e2ee.exporter.testing.TestConfigs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which parser a source gets: each configured {@code format} reads the banner line of the Synapse
 * 1.160.0 log (replay/real-synapse/homeserver.log) in its own layout and names that layout, and a
 * source labelled {@code journald:} is read as journalctl's JSON whatever the format says.
 */
class RecordParsersTest {
  static final String BANNER =
      "2026-12-06 06:54:57,562 - synapse.config.logger - 377 - WARNING - main - ***** STARTING"
          + " SERVER *****";
  static final String SYSLOG_BANNER =
      "Dec  6 06:54:57 hs matrix-synapse[147051]: synapse.config.logger: [main] ***** STARTING"
          + " SERVER *****";
  static final String JSON_BANNER =
      "{\"log\":\"***** STARTING SERVER *****\",\"namespace\":\"synapse.config.logger\","
          + "\"level\":\"WARNING\",\"time\":1796540097.56,\"request\":\"main\"}";
  static final String DOCKER_BANNER =
      "{\"log\":\""
          + BANNER
          + "\\n\",\"stream\":\"stderr\",\"time\":\"2026-12-06T06:54:57.562811Z\"}";
  static final String JOURNAL_BANNER =
      "{\"__REALTIME_TIMESTAMP\":\"1796540097562000\",\"_PID\":\"147051\","
          + "\"SYSLOG_IDENTIFIER\":\"matrix-synapse\",\"MESSAGE\":\""
          + BANNER
          + "\"}";

  static Stream<Arguments> sources() {
    return Stream.of(
        arguments(LogFormat.TEXT, "homeserver.log", BANNER, "text"),
        arguments(LogFormat.JSON, "homeserver.log", JSON_BANNER, "json"),
        arguments(LogFormat.SYSLOG, "/var/log/syslog", SYSLOG_BANNER, "syslog"),
        arguments(LogFormat.DOCKER_JSON, "synapse-json.log", DOCKER_BANNER, "docker-json/text"),
        arguments(LogFormat.AUTO, "homeserver.log", SYSLOG_BANNER, "syslog"),
        arguments(LogFormat.AUTO, "synapse-json.log", DOCKER_BANNER, "docker-json/text"),
        arguments(LogFormat.TEXT, "journald:matrix-synapse.service", JOURNAL_BANNER, "journald"),
        arguments(LogFormat.AUTO, "journald:matrix-synapse.service", JOURNAL_BANNER, "journald"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("sources")
  void eachSourceGetsTheParserOfItsLayout(
      LogFormat format, String label, String banner, String layout) {
    RecordParser parser = RecordParsers.forSource(label, config(format), clock());
    LogRecord r = new LogRecord();
    assertThat(parser.parse(banner, r)).isEqualTo(ParseOutcome.RECORD);
    assertThat(r.logger()).isEqualTo("synapse.config.logger");
    assertThat(r.message()).isEqualTo("***** STARTING SERVER *****");
    assertThat(parser.layout()).isEqualTo(layout);
  }

  static Stream<Arguments> otherLayouts() {
    return Stream.of(
        arguments(LogFormat.TEXT, SYSLOG_BANNER),
        arguments(LogFormat.SYSLOG, BANNER),
        arguments(LogFormat.JSON, BANNER),
        arguments(LogFormat.DOCKER_JSON, JSON_BANNER));
  }

  @ParameterizedTest(name = "{0} does not read {1}")
  @MethodSource("otherLayouts")
  void aFixedFormatReadsItsOwnLayoutOnly(LogFormat format, String line) {
    RecordParser parser = RecordParsers.forLayout(config(format), clock());
    assertThat(parser.parse(line, new LogRecord())).isNotEqualTo(ParseOutcome.RECORD);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void eachFileGetsAParserOfItsOwn(LogFormat format, String label, String banner, String layout) {
    ExporterConfig config = config(format);
    assertThat(RecordParsers.forSource(label, config, clock()))
        .isNotSameAs(RecordParsers.forSource(label, config, clock()));
  }

  private static ExporterConfig config(LogFormat format) {
    return TestConfigs.with(
        LogsConfig.DEFAULTS.with(
            l -> {
              l.files = List.of("homeserver.log");
              l.format = format;
              l.startAt = StartAt.BEGINNING;
              l.maxLineBytes = 1 << 20;
              l.pollInterval = Duration.ofMillis(50);
              l.positionsFile = Optional.empty();
            }),
        TestConfigs.disabledDatabase());
  }

  private static MutableClock clock() {
    return new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
  }
}
