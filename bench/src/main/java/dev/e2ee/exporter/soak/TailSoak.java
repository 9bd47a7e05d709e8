package dev.e2ee.exporter.soak;

import dev.e2ee.demo.EmbeddedSynapseDatabase;
import dev.e2ee.fixture.ChildProcesses;
import dev.e2ee.fixture.DemoScenario;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whole-process soak of the packaged jar under the systemd unit's JVM flags: a 20 requests/s KE-1
 * storm plus 200 ordinary access lines/s written to a Synapse-format log, rotated every minute
 * alternating rename+create and copytruncate (nothing written in between, as the scenario
 * says), with the embedded PostgreSQL polled every 5 s. Every minute: RSS, heap, scrape latency. At
 * the end: lines written vs counted. Loopback only; stops by itself. Usage: {@code TailSoak
 * <minutes> <work dir> <jar> <systemd unit>}.
 */
public final class TailSoak {
  private final Path dir;

  TailSoak(Path dir) {
    this.dir = dir;
  }

  public static void main(String[] args) throws Exception {
    int minutes = Integer.parseInt(args[0]);
    Path dir = Files.createDirectories(Path.of(args[1]));
    Path jar = Path.of(args[2]);
    List<String> jvmFlags = SystemdUnit.jvmFlags(Path.of(args[3]));
    new TailSoak(dir).run(minutes, jar, jvmFlags);
  }

  void run(int minutes, Path jar, List<String> jvmFlags) throws Exception {
    try (EmbeddedSynapseDatabase db = EmbeddedSynapseDatabase.start(dir.resolve("pgdata"))) {
      DemoScenario.seed(db.dataSource(), System.currentTimeMillis());
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      Path log = dir.resolve("homeserver.log");
      Path config = SoakConfig.write(dir, port, log, dir.resolve("positions.json"), db.port());
      try (StormLogWriter writer = new StormLogWriter(log)) {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString()));
        System.out.println("exporter: " + String.join(" ", command));
        Process exporter =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("exporter.log").toFile())
                .start();
        try {
          ExporterEndpoint endpoint = new ExporterEndpoint(port);
          endpoint.awaitReady();
          soak(minutes, endpoint, writer, log, exporter.pid());
          WrittenVersusRead.print(endpoint, log, writer.written());
        } finally {
          ChildProcesses.stop(exporter);
        }
      }
    }
  }

  /**
   * The traffic in 50 ms ticks, a scrape every 10 s, and at each minute a rotation and a row of the
   * table: what was written and read so far, the process's RSS and heap, the scrape times.
   */
  private static void soak(
      int minutes, ExporterEndpoint endpoint, StormLogWriter writer, Path log, long pid)
      throws Exception {
    System.out.println(
        "| minute | lines written | lines read | RSS MB | heap used MB | scrape ms (median / max of 6) | rotation |");
    System.out.println("|---|---|---|---|---|---|---|");
    long start = System.nanoTime();
    long nextTick = start;
    int minute = 0;
    List<Long> scrapeMillis = new ArrayList<>();
    long nextScrape = start + 10_000_000_000L;
    while (minute < minutes) {
      writer.writeTick(Instant.now());
      long now = System.nanoTime();
      if (now >= nextScrape) {
        nextScrape += 10_000_000_000L;
        scrapeMillis.add(endpoint.timedScrape());
      }
      if (now - start >= (minute + 1) * 60_000_000_000L) {
        minute++;
        String rotation = minute % 2 == 1 ? "rename" : "copytruncate";
        if (minute < minutes) {
          writer.rotate(rotation);
        }
        String metrics = endpoint.scrape();
        List<Long> sorted = scrapeMillis.stream().sorted().toList();
        System.out.printf(
            Locale.ROOT,
            "| %d | %,d | %,.0f | %.1f | %.1f | %d / %d | %s |%n",
            minute,
            writer.written().lines(),
            MetricsText.value(metrics, "synapse_e2ee_log_lines_read_total{file=\"" + log + "\"}"),
            rssMb(pid),
            MetricsText.heapMb(metrics),
            sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2),
            sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
            minute < minutes ? rotation : "-");
        scrapeMillis.clear();
      }
      nextTick += 50_000_000L;
      long sleep = nextTick - System.nanoTime();
      if (sleep > 0) {
        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
      }
    }
  }

  /** The exporter's resident memory as the kernel counts it (what a host's OOM killer sees). */
  private static double rssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return -1;
  }
}
