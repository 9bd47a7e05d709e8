package dev.e2ee.exporter.soak;

import static dev.e2ee.exporter.soak.MetricsText.sum;
import static dev.e2ee.exporter.soak.MetricsText.value;

import dev.e2ee.fixture.DemoScenario;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The soak's verdict: once the exporter has caught up, what the writer wrote against what the
 * exporter counted (lines, records, KE-1 conflicts) and what its tailer saw of the rotations. A
 * lossless tailer shows the same numbers on both sides and no losses.
 */
final class WrittenVersusRead {
  private WrittenVersusRead() {}

  static void print(ExporterEndpoint exporter, Path log, StormLogWriter.Written written)
      throws Exception {
    String linesRead = "synapse_e2ee_log_lines_read_total{file=\"" + log + "\"}";
    String metrics = "";
    for (int i = 0; i < 120; i++) {
      metrics = exporter.scrape();
      if (value(metrics, linesRead) >= written.lines()) {
        break;
      }
      Thread.sleep(500);
    }
    Thread.sleep(12_000); // the KE-1 join's grace period
    metrics = exporter.scrape();
    System.out.printf(
        Locale.ROOT,
        "%nlines written %,d; lines read %,.0f; records %,.0f; skipped %,.0f%n",
        written.lines(),
        value(metrics, linesRead),
        value(metrics, "synapse_e2ee_log_records_total{file=\"" + log + "\"}"),
        sum(metrics, "synapse_e2ee_log_lines_skipped_total{"));
    System.out.printf(
        Locale.ROOT,
        "KE-1 requests written %,d; otk_conflicts_total for the storm device %,.0f;"
            + " device=\"unknown\" series: %s%n",
        written.stormRequests(),
        value(
            metrics,
            "synapse_e2ee_otk_conflicts_total{algorithm=\"signed_curve25519\",device=\""
                + DemoScenario.STORM_DEVICE
                + "\",user=\""
                + DemoScenario.ALICE
                + "\"}"),
        metrics.contains("device=\"unknown\"") ? "present" : "none");
    System.out.printf(
        Locale.ROOT,
        "rotations %,.0f, truncations %,.0f, rotated reads %,.0f, losses %,.0f, read errors %,.0f%n",
        sum(metrics, "synapse_e2ee_log_rotations_total{"),
        sum(metrics, "synapse_e2ee_log_truncations_total{"),
        sum(metrics, "synapse_e2ee_log_rotated_reads_total{"),
        sum(metrics, "synapse_e2ee_log_tail_losses_total{"),
        sum(metrics, "synapse_e2ee_log_read_errors_total{"));
  }
}
