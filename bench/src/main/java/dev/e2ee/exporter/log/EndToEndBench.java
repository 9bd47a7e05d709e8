package dev.e2ee.exporter.log;

import dev.e2ee.exporter.log.program.LogProgram;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * Whole-pipeline run over a file: FileTailer reads it from disk, assembles and decodes lines,
 * LogProgram parses and counts. Usage: {@code EndToEndBench <file> [lines] [runs]}; writes the
 * corpus first when the file does not exist. Prints lines/s per run and the peak heap.
 */
public final class EndToEndBench {
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "synapse-bench.log");
    int lines = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    if (!Files.exists(file)) {
      SynapseLogCorpus.write(file, lines, 1);
    }
    long size = Files.size(file);
    PrometheusRegistry registry = new PrometheusRegistry();
    for (int run = 1; run <= runs; run++) {
      registry = new PrometheusRegistry();
      LogProgram program =
          new LogProgram(
              ParseAndCountBenchmark.config(),
              registry,
              new BoundedMetrics(registry, Clock.systemUTC()),
              Clock.systemUTC(),
              new IdentityLabels(ParseAndCountBenchmark.config().labels()));
      CountingSink sink = new CountingSink(program);
      FileTailer tailer = new FileTailer(file, false, 1 << 20);
      long started = System.nanoTime();
      while (tailer.position() < size) {
        tailer.poll(sink);
      }
      program.flush();
      double seconds = (System.nanoTime() - started) / 1e9;
      tailer.close();
      System.out.printf(
          Locale.ROOT,
          "run %d: %,d lines, %.1f MB in %.3f s = %,.0f lines/s (%.0f MB/s)%n",
          run,
          sink.lines,
          size / 1e6,
          seconds,
          sink.lines / seconds,
          size / 1e6 / seconds);
    }
    // The counts, to compare with another tool's over the same file.
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(text, registry.scrape());
    text.toString(StandardCharsets.UTF_8)
        .lines()
        .filter(
            l ->
                l.startsWith("synapse_e2ee_http_requests_total{")
                    || l.startsWith("synapse_e2ee_otk_conflicts_total{")
                    || l.startsWith("synapse_e2ee_log_records_total")
                    || l.startsWith("synapse_e2ee_log_lines_skipped_total"))
        .filter(l -> !l.endsWith(" 0.0"))
        .forEach(System.out::println);
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "peak heap used (sum of pool peaks): %.1f MB, max heap %.0f MB%n",
        peakHeap / 1e6,
        Runtime.getRuntime().maxMemory() / 1e6);
  }

  private static final class CountingSink implements TailEvents {
    final LogProgram program;
    long lines;

    CountingSink(LogProgram program) {
      this.program = program;
    }

    @Override
    public void line(String line, boolean cut, boolean invalidUtf8) {
      lines++;
      program.accept("homeserver.log", line);
    }

    @Override
    public void bytesRead(long count) {}

    @Override
    public void rotated() {}

    @Override
    public void truncated() {}

    @Override
    public void present(boolean present) {}
  }
}
