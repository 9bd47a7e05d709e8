package dev.e2ee.exporter.cli;

import dev.e2ee.exporter.replay.IncidentReport;
import dev.e2ee.exporter.replay.JsonReport;
import dev.e2ee.exporter.replay.MarkdownReport;
import dev.e2ee.exporter.replay.ReplayRun;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Where replay's report, JSON and backfill go: the files the command line named. */
final class ReplayOutputs {
  private ReplayOutputs() {}

  /**
   * The report to each file asked for (Markdown to stdout when none is), and the backfill when
   * --openmetrics asked for it.
   */
  static void write(
      IncidentReport r,
      ReplayRun run,
      @Nullable Path report,
      @Nullable Path json,
      @Nullable Path openMetrics)
      throws IOException {
    if (report == null && json == null && openMetrics == null) {
      Writer stdout = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
      MarkdownReport.write(r, stdout);
      stdout.flush();
    }
    if (report != null) {
      try (Writer w = Files.newBufferedWriter(report)) {
        MarkdownReport.write(r, w);
      }
    }
    if (json != null) {
      try (Writer w = Files.newBufferedWriter(json)) {
        JsonReport.write(r, w);
      }
    }
    if (openMetrics != null && run.backfill() != null) {
      try (Writer w = Files.newBufferedWriter(openMetrics)) {
        run.backfill().write(w);
      }
      if (run.backfill().skippedFamilies() > 0) {
        System.err.println(
            "replay: "
                + run.backfill().skippedFamilies()
                + " metric families of a type OpenMetrics backfill does not take were left out");
      }
    }
  }
}
