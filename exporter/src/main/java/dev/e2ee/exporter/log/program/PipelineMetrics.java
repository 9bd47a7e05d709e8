package dev.e2ee.exporter.log.program;

import dev.e2ee.exporter.log.parse.ParseOutcome;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the parser fared, per file: records, lines skipped by reason, freshness and lag. */
public final class PipelineMetrics {
  /** Read back by name where a replay sums its own registry (replay.IncidentReports). */
  public static final String RECORDS_FAMILY = "synapse_e2ee_log_records";

  public static final String SKIPPED_FAMILY = "synapse_e2ee_log_lines_skipped";

  private static final Logger LOG = LoggerFactory.getLogger(PipelineMetrics.class);

  private final Counter records;
  private final Counter skipped;
  private final Counter unparsed;
  private final Gauge lastRecord;
  private final Gauge readLag;
  private final Gauge layoutInfo;
  private final Counter layoutChanges;

  PipelineMetrics(PrometheusRegistry registry) {
    records =
        Counter.builder()
            .name(RECORDS_FAMILY)
            .help("Log records parsed (continuation lines such as tracebacks are not records).")
            .labelNames("file")
            .withoutExemplars()
            .register(registry);
    skipped =
        Counter.builder()
            .name(SKIPPED_FAMILY)
            .help(
                "Lines that are not records, by reason: continuation, unrecognised_layout, invalid_json, empty.")
            .labelNames("file", "reason")
            .withoutExemplars()
            .register(registry);
    unparsed =
        Counter.builder()
            .name("synapse_e2ee_log_messages_unparsed")
            .help(
                "Records from a logger the exporter reads whose message did not have the expected shape, by kind.")
            .labelNames("kind")
            .withoutExemplars()
            .register(registry);
    lastRecord =
        Gauge.builder()
            .name("synapse_e2ee_log_last_record_timestamp_seconds")
            .help(
                "Timestamp written in the newest record read from the file (Synapse's clock and configured zone).")
            .labelNames("file")
            .register(registry);
    readLag =
        Gauge.builder()
            .name("synapse_e2ee_log_read_lag_seconds")
            .help(
                "For the newest record read: when it was read minus the timestamp in the line (includes Synapse's ~5 s log buffering).")
            .labelNames("file")
            .register(registry);
    layoutInfo =
        Gauge.builder()
            .name("synapse_e2ee_log_layout_info")
            .help(
                "The layout each file is read in (text, json, syslog, docker-json/text, ...): configured, or detected with format auto; undetected before its first record.")
            .labelNames("file", "layout")
            .register(registry);
    layoutChanges =
        Counter.builder()
            .name("synapse_e2ee_log_layout_changes")
            .help(
                "Times format auto saw a file's layout change after it was first detected (Synapse's log config changed).")
            .labelNames("file")
            .withoutExemplars()
            .register(registry);
  }

  CounterDataPoint unparsed(String kind) {
    return unparsed.labelValues(kind);
  }

  /** Per-file view with its data points looked up once. */
  final class File {
    final CounterDataPoint records;
    final Map<ParseOutcome, CounterDataPoint> skipped = new EnumMap<>(ParseOutcome.class);
    private final String label;
    long newestTimestampMillis = Long.MIN_VALUE;
    long newestReadAtMillis;

    File(String label) {
      this.label = label;
      this.records = PipelineMetrics.this.records.labelValues(label);
      for (ParseOutcome outcome : ParseOutcome.values()) {
        if (outcome != ParseOutcome.RECORD) {
          skipped.put(outcome, PipelineMetrics.this.skipped.labelValues(label, outcome.label()));
        }
      }
    }

    private String layout = "";
    private long layoutChangesSeen;

    /** The file's layout now, and how often format auto saw it change. */
    void layout(String now, long changes) {
      if (!now.equals(layout)) {
        if (!layout.isEmpty()) {
          layoutInfo.remove(label, layout);
        }
        layoutInfo.labelValues(label, now).set(1);
        layout = now;
      }
      if (changes > layoutChangesSeen) {
        layoutChanges.labelValues(label).inc(changes - layoutChangesSeen);
        layoutChangesSeen = changes;
        // Once per change: Synapse's log config changed under a running exporter.
        LOG.warn("log {}: its layout changed, now read as {}", label, now);
      }
    }

    void publish() {
      if (newestTimestampMillis != Long.MIN_VALUE) {
        lastRecord.labelValues(label).set(newestTimestampMillis / 1000.0);
        readLag.labelValues(label).set((newestReadAtMillis - newestTimestampMillis) / 1000.0);
      }
    }
  }
}
