package dev.e2ee.exporter.soak;

import dev.e2ee.demo.EmbeddedSynapseDatabase;
import dev.e2ee.exporter.log.SynapseLogCorpus;
import dev.e2ee.fixture.ChildProcesses;
import dev.e2ee.fixture.DemoScenario;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Peak resident memory of the packaged sidecar under the systemd unit's JVM flags, in the two cases
 * a homeserver host feels: reading a 1M-line backlog at start, and 50 scrapers at once. With {@code
 * NMT=1} in the environment it also runs with native memory tracking and prints where the memory
 * went (NMT itself costs a few MB, so peaks are read from the plain run).
 *
 * <p>Arguments: work dir, jar, unit file, then extra JVM flags appended after the unit's.
 */
public final class RssBench {
  static final int BACKLOG_LINES = 1_000_000;
  static final int SCRAPERS = 50;
  static final Duration SCRAPE_PHASE = Duration.ofSeconds(30);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private RssBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    Path jar = Path.of(args[1]);
    Path unit = Path.of(args[2]);
    List<String> flags = new ArrayList<>(SystemdUnit.jvmFlags(unit));
    flags.addAll(Arrays.asList(args).subList(3, args.length));
    boolean nmt = "1".equals(System.getenv("NMT"));
    if (nmt) {
      flags.add("-XX:NativeMemoryTracking=summary");
    }
    Path log = dir.resolve("homeserver.log");
    if (!Files.exists(log)) {
      SynapseLogCorpus.write(log, BACKLOG_LINES, 1);
    }
    Path pgdata = dir.resolve("pgdata");
    try (Stream<Path> old = Files.exists(pgdata) ? Files.walk(pgdata) : Stream.empty()) {
      old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    try (EmbeddedSynapseDatabase db = EmbeddedSynapseDatabase.start(pgdata)) {
      DemoScenario.seed(db.dataSource(), System.currentTimeMillis());
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      Path positions = dir.resolve("positions.json");
      Files.deleteIfExists(positions);
      Path config = SoakConfig.write(dir, port, log, positions, db.port());
      List<String> command = new ArrayList<>(List.of("java"));
      command.addAll(flags);
      command.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString()));
      System.out.println("flags: " + String.join(" ", flags));
      ProcessBuilder exporterProcess = new ProcessBuilder(command);
      exporterProcess.environment().putAll(SystemdUnit.environment(unit));
      System.out.println("environment: " + SystemdUnit.environment(unit));
      Process exporter =
          exporterProcess
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("exporter.log").toFile())
              .start();
      try (PeakRss peak = PeakRss.watch(exporter.pid())) {
        String series = "synapse_e2ee_log_lines_read_total{file=\"" + log + "\"}";
        long started = System.nanoTime();
        awaitValue(port, series, BACKLOG_LINES);
        double seconds = (System.nanoTime() - started) / 1e9;
        double backlogPeak = peak.takeMb();
        if (nmt) {
          System.out.println(nativeMemory(exporter.pid()));
        }
        ScrapeResult scrapes = scrapeConcurrently(port);
        double scrapePeak = peak.takeMb();
        if (nmt) {
          System.out.println(nativeMemory(exporter.pid()));
        }
        System.out.printf(
            Locale.ROOT,
            "backlog: %,d lines in %.1f s (%,.0f lines/s incl. start-up), peak RSS %.1f MB%n",
            BACKLOG_LINES,
            seconds,
            BACKLOG_LINES / seconds,
            backlogPeak);
        System.out.printf(
            Locale.ROOT,
            "%d scrapers for %d s: %,d scrapes (%,.0f/s), p50 %.1f ms, p99 %.1f ms, not 200: %d,"
                + " peak RSS %.1f MB%n",
            SCRAPERS,
            SCRAPE_PHASE.toSeconds(),
            scrapes.count(),
            scrapes.count() / (double) SCRAPE_PHASE.toSeconds(),
            scrapes.p50Millis(),
            scrapes.p99Millis(),
            scrapes.failed(),
            scrapePeak);
      } finally {
        ChildProcesses.stop(exporter);
      }
    }
  }

  record ScrapeResult(long count, long failed, double p50Millis, double p99Millis) {}

  private static ScrapeResult scrapeConcurrently(int port) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(SCRAPERS);
    List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
    AtomicLong failed = new AtomicLong();
    long deadline = System.nanoTime() + SCRAPE_PHASE.toNanos();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(30))
            .build();
    for (int i = 0; i < SCRAPERS; i++) {
      pool.execute(
          () -> {
            while (System.nanoTime() < deadline) {
              long t = System.nanoTime();
              try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()
                    != 200) {
                  failed.incrementAndGet();
                }
              } catch (IOException e) {
                failed.incrementAndGet();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
              nanos.add(System.nanoTime() - t);
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(SCRAPE_PHASE.toSeconds() + 60, TimeUnit.SECONDS);
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return new ScrapeResult(
        sorted.size(),
        failed.get(),
        sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1e6,
        sorted.isEmpty() ? 0 : sorted.get((int) (sorted.size() * 0.99)) / 1e6);
  }

  private static void awaitValue(int port, String series, double target) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        String body =
            HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        if (MetricsText.value(body, series) >= target) {
          return;
        }
      } catch (IOException notListeningYet) {
        // the JVM is still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the backlog was not read within 10 minutes");
  }

  private static String nativeMemory(long pid) throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder("jcmd", Long.toString(pid), "VM.native_memory", "summary", "scale=KB")
            .redirectErrorStream(true)
            .start();
    String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor();
    return out;
  }
}
