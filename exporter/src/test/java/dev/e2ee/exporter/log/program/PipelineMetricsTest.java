package dev.e2ee.exporter.log.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

/** How the parser fared per file, as the scrape shows it. */
class PipelineMetricsTest {
  private static final String FILE = "{file=\"homeserver.log\"}";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PipelineMetrics metrics = new PipelineMetrics(registry);
  private final PipelineMetrics.File file = metrics.new File("homeserver.log");

  @Test
  void everySkipReasonIsPresentAtZeroAndRecordsAreNotASkip() {
    file.skipped.get(ParseOutcome.CONTINUATION).inc();
    file.records.inc(2);

    Scrape s = Scrape.of(registry);
    assertThat(s.valueOrFail("synapse_e2ee_log_records_total" + FILE)).isEqualTo(2);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_log_lines_skipped_total{file=\"homeserver.log\",reason=\"continuation\"}"))
        .isEqualTo(1);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_log_lines_skipped_total{file=\"homeserver.log\",reason=\"invalid_json\"}"))
        .isZero();
    assertThat(file.skipped).doesNotContainKey(ParseOutcome.RECORD);
  }

  @Test
  void nothingIsPublishedBeforeTheFirstRecordThenItsTimeAndLag() {
    file.publish();
    assertThat(Scrape.of(registry).value("synapse_e2ee_log_last_record_timestamp_seconds" + FILE))
        .isEmpty();

    // POST-36's access line, logged at 06:55:43,616 and read 2.5 s later.
    file.newestTimestampMillis = 1_796_540_143_616L;
    file.newestReadAtMillis = 1_796_540_146_116L;
    file.publish();

    Scrape s = Scrape.of(registry);
    assertThat(s.valueOrFail("synapse_e2ee_log_last_record_timestamp_seconds" + FILE))
        .isEqualTo(1_796_540_143.616);
    assertThat(s.valueOrFail("synapse_e2ee_log_read_lag_seconds" + FILE)).isEqualTo(2.5);
  }

  @Test
  void theLayoutHasOneSeriesAndItsChangesAreCountedOnce() {
    file.layout("text", 0);
    file.layout("json", 1);
    file.layout("json", 1); // the same change told again at the next tick

    Scrape s = Scrape.of(registry);
    assertThat(s.value("synapse_e2ee_log_layout_info{file=\"homeserver.log\",layout=\"text\"}"))
        .isEmpty();
    assertThat(
            s.valueOrFail("synapse_e2ee_log_layout_info{file=\"homeserver.log\",layout=\"json\"}"))
        .isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_log_layout_changes_total" + FILE)).isEqualTo(1);

    file.layout("syslog", 3);
    assertThat(Scrape.of(registry).valueOrFail("synapse_e2ee_log_layout_changes_total" + FILE))
        .isEqualTo(3);
  }

  @Test
  void unparsedMessagesAreCountedByKind() {
    metrics.unparsed("otk_conflict").inc();

    assertThat(
            Scrape.of(registry)
                .valueOrFail("synapse_e2ee_log_messages_unparsed_total{kind=\"otk_conflict\"}"))
        .isEqualTo(1);
  }
}
