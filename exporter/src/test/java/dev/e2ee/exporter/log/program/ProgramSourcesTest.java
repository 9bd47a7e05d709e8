package dev.e2ee.exporter.log.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.log.parse.JsonRecordParser;
import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.exporter.testing.TestConfigs;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The program's per-file and per-worker bookkeeping, for a text-layout configuration and records of
 * Synapse 1.160.0's real log (replay/real-synapse/homeserver.log), one of them behind a worker
 * prefix as a combined log of several workers writes it.
 */
class ProgramSourcesTest {
  private static final String FILE = "/var/log/matrix-synapse/homeserver.log";
  private static final long NEVER = -1;

  private final UploadOutcomesTest.Parts parts = new UploadOutcomesTest.Parts();
  private final ProgramSources sources =
      new ProgramSources(
          TestConfigs.with(
              TestConfigs.logsFrom(Path.of(FILE), StartAt.BEGINNING),
              TestConfigs.disabledDatabase()),
          parts.clock,
          new PipelineMetrics(parts.registry));

  /** The {@code n}th text record of the real log, behind {@code prefix}. */
  private static String realText(int n, String prefix) {
    return prefix
        + LogProgramTest.REAL.stream()
            .filter(l -> l.startsWith("2026-"))
            .skip(n)
            .findFirst()
            .orElseThrow();
  }

  private LogRecord record(ProgramSources.Source src, String line) {
    LogRecord record = new LogRecord();
    assertThat(src.parser.parse(line, record)).isEqualTo(ParseOutcome.RECORD);
    sources.recorded(src, record);
    return record;
  }

  @ParameterizedTest(name = "{0}, caller's parser {1}: {2}")
  @CsvSource({
    FILE + ", false, text",
    "journald:matrix-synapse.service, false, journald",
    FILE + ", true, json"
  })
  void aFileGetsItsParserOnItsFirstLineAndKeepsIt(String label, boolean callers, String layout) {
    assertThat(sources.parserOf(label)).isNull();
    ProgramSources.Source first = sources.source(label, callers ? new JsonRecordParser() : null);
    assertThat(first.parser.layout()).isEqualTo(layout);
    assertThat(sources.parserOf(label)).isSameAs(first.parser);
    assertThat(sources.source(label, new JsonRecordParser()))
        .as("a later caller's parser changes nothing")
        .isSameAs(first);

    sources.publish();
    assertThat(sources.layouts()).isEqualTo(Map.of(label, layout));
  }

  @Test
  void theLogClockIsTheNewestRecordOfEachFileAndWorkerAsOfThePublish() {
    ProgramSources.Source src = sources.source(FILE, null);
    LogRecord later = record(src, realText(20, ""));
    LogRecord earlier = record(src, realText(10, ""));
    LogRecord worker = record(src, realText(5, "synapse_2 | "));
    assertThat(earlier.timestampMillis()).isLessThan(later.timestampMillis());
    assertThat(Objects.requireNonNull(worker.worker())).isEqualTo("synapse_2");
    assertThat(sources.logClock().millis(FILE, NEVER)).as("before the publish").isEqualTo(NEVER);

    sources.publish();
    assertThat(sources.logClock().millis(FILE, NEVER)).isEqualTo(later.timestampMillis());
    assertThat(sources.logClock().millis("synapse_2", NEVER)).isEqualTo(worker.timestampMillis());
    assertThat(sources.logClock().millis("synapse_3", NEVER)).isEqualTo(NEVER);
    Scrape scrape = parts.scrape();
    assertThat(scrape.valueOrFail("synapse_e2ee_log_records_total{file=\"" + FILE + "\"}"))
        .isEqualTo(3);
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_log_last_record_timestamp_seconds{file=\"" + FILE + "\"}"))
        .isEqualTo(later.timestampMillis() / 1000.0);
  }
}
