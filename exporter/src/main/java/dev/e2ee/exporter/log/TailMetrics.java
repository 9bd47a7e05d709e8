package dev.e2ee.exporter.log;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/** Per-file self-metrics of the tailer. The file label is bounded by the configured paths. */
final class TailMetrics {
  final Counter bytesRead;
  final Counter linesRead;
  final Counter rotations;
  final Counter truncations;
  final Counter linesCut;
  final Counter invalidUtf8;
  final Gauge present;
  final Counter readErrors;
  final Counter losses;
  final Counter recovered;

  TailMetrics(PrometheusRegistry registry) {
    bytesRead =
        Counter.builder()
            .name("synapse_e2ee_log_bytes_read")
            .help("Bytes read from each tailed Synapse log file.")
            .labelNames("file")
            .register(registry);
    linesRead =
        Counter.builder()
            .name("synapse_e2ee_log_lines_read")
            .help(
                "Complete lines read from each tailed file (records, continuation and unrecognised lines alike).")
            .labelNames("file")
            .register(registry);
    rotations =
        Counter.builder()
            .name("synapse_e2ee_log_rotations")
            .help(
                "Times the path was found to name a new file (rename+create, delete+re-create); the old file was read to its end first.")
            .labelNames("file")
            .register(registry);
    truncations =
        Counter.builder()
            .name("synapse_e2ee_log_truncations")
            .help(
                "Times the file was truncated in place (copytruncate) and read again from its start.")
            .labelNames("file")
            .register(registry);
    linesCut =
        Counter.builder()
            .name("synapse_e2ee_log_lines_cut")
            .help("Lines longer than logs.max_line_bytes; kept up to the cap, the rest discarded.")
            .labelNames("file")
            .register(registry);
    invalidUtf8 =
        Counter.builder()
            .name("synapse_e2ee_log_lines_invalid_utf8")
            .help("Lines with bytes that are not valid UTF-8; those bytes were replaced by U+FFFD.")
            .labelNames("file")
            .register(registry);
    present =
        Gauge.builder()
            .name("synapse_e2ee_log_file_present")
            .help("1 when the tailed log file exists, else 0.")
            .labelNames("file")
            .register(registry);
    readErrors =
        Counter.builder()
            .name("synapse_e2ee_log_read_errors")
            .help(
                "I/O errors reading the file (permissions, a vanished file); the next poll retries from the same offset.")
            .labelNames("file")
            .register(registry);
    losses =
        Counter.builder()
            .name("synapse_e2ee_log_tail_losses")
            .help(
                "Times an unread part of the file could not be read, by reason: copy_not_found (truncated in place and no"
                    + " rotated copy with its first bytes), rotated_file_not_found (rotated while the exporter was down and no"
                    + " longer there), rotated_copy_unreadable (a corrupt .gz, or the old file failing mid-read). How many lines it held is not known.")
            .labelNames("file", "reason")
            .register(registry);
    recovered =
        Counter.builder()
            .name("synapse_e2ee_log_rotated_reads")
            .help(
                "Times the unread rest of the file was read from a rotated copy (copytruncate, two rotations between two"
                    + " polls, a rotation while the exporter was down).")
            .labelNames("file")
            .register(registry);
  }

  void init(String file) {
    bytesRead.labelValues(file);
    linesRead.labelValues(file);
    rotations.labelValues(file);
    truncations.labelValues(file);
    linesCut.labelValues(file);
    invalidUtf8.labelValues(file);
    present.labelValues(file).set(0);
    readErrors.labelValues(file);
    recovered.labelValues(file);
    for (String reason : LOSS_REASONS) {
      losses.labelValues(file, reason);
    }
  }

  static final List<String> LOSS_REASONS =
      List.of("copy_not_found", "rotated_file_not_found", "rotated_copy_unreadable");
}
