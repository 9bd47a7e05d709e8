package dev.e2ee.exporter.replay;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one replay read and counted: the program's registry (the metrics, as {@code serve} would
 * have exposed them at the end), the recorder's per-device and per-minute detail, and the backfill.
 *
 * @param lines every line read (records, skipped lines and lines outside the window)
 * @param outsideRange lines before {@code --from} or at/after {@code --to}
 * @param stoppedAtTo reading stopped at the first record at or after {@code --to}
 */
public record ReplayRun(
    ReplayOptions options,
    List<InputFile> files,
    PrometheusRegistry registry,
    IncidentRecorder recorder,
    @Nullable OpenMetricsBackfill backfill,
    @Nullable String backfillProblem,
    long lines,
    long outsideRange,
    @Nullable Instant firstRecord,
    @Nullable Instant lastRecord,
    boolean stoppedAtTo) {

  /** Files that could not be read to their end. */
  public List<String> inputErrors() {
    return files.stream()
        .filter(f -> f.error != null)
        .map(f -> f.file.name() + ": " + f.error)
        .toList();
  }
}
