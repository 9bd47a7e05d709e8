package dev.e2ee.exporter.soak;

import dev.e2ee.exporter.config.PasswordHash;
import dev.e2ee.fixture.ChildProcesses;
import dev.e2ee.fixture.WrongPasswordFlood;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Scrape latency of the packaged jar with basic auth, alone and while 20 clients (from 127.0.0.2 ..
 * 127.0.0.21) send wrong passwords as fast as they are answered; plus the exporter's CPU over each
 * phase. Two runs: the scraper accepted before the flood began; and a fresh exporter whose scraper
 * starts 5 s after the flood (a restart, a new Prometheus), then the flood also from the scraper's
 * own address (a reverse proxy). Loopback only; bounded in time; stops by itself. Usage: {@code
 * AuthFloodBench <jar> <seconds per phase> [port, default any free one]}.
 */
public final class AuthFloodBench {
  static final String RIGHT = WrongPasswordFlood.basic("prometheus:correct horse");

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int fixedPort = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    Path dir = Files.createTempDirectory("auth-flood");
    String hash = PasswordHash.hash("correct horse".toCharArray());
    System.out.println("run 1: the scraper accepted before the flood");
    try (Exporter e = Exporter.start(jar, dir, hash, fixedPort)) {
      awaitStatus(e.port, RIGHT, "200");
      phase("alone", e, seconds, List.of());
      try (WrongPasswordFlood flood =
          new WrongPasswordFlood(e.port, WrongPasswordFlood.otherAddresses(20))) {
        phase("flood from 20 other addresses", e, seconds, List.of(flood));
      }
    }
    System.out.println("run 2: a fresh exporter; the scraper starts 5 s after the flood");
    try (Exporter e = Exporter.start(jar, dir, hash, fixedPort)) {
      awaitStatus(e.port, null, "401"); // listening; nothing accepted yet
      try (WrongPasswordFlood flood =
          new WrongPasswordFlood(e.port, WrongPasswordFlood.otherAddresses(20))) {
        Thread.sleep(5_000);
        phase("scraper new during the flood", e, seconds, List.of(flood));
        try (WrongPasswordFlood own =
            new WrongPasswordFlood(e.port, List.of("127.0.0.1", "127.0.0.1"))) {
          phase("flood also from the scraper's address", e, seconds, List.of(flood, own));
        }
      }
    }
  }

  /** The jar serving basic auth with no sources, as its own process. */
  record Exporter(Process process, int port) implements AutoCloseable {
    static Exporter start(Path jar, Path dir, String hash, int fixedPort) throws IOException {
      int port = fixedPort;
      if (port == 0) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
          port = s.getLocalPort();
        }
      }
      Path config =
          Files.writeString(
              dir.resolve("config.yml"),
              String.join(
                  "\n",
                  "listen: {address: 127.0.0.1, port: "
                      + port
                      + ", basic_auth: {username: prometheus, password_hash: '"
                      + hash
                      + "'}}",
                  "synapse: {server_name: example.org}",
                  "logs: {enabled: false}",
                  "database: {enabled: false}",
                  ""));
      Process p =
          new ProcessBuilder(
                  "java",
                  "-Xms32m",
                  "-Xmx96m",
                  "-XX:+UseSerialGC",
                  "-jar",
                  jar.toString(),
                  "serve",
                  "--config",
                  config.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("out-" + port + ".log").toFile())
              .start();
      return new Exporter(p, port);
    }

    @Override
    public void close() {
      ChildProcesses.stop(process);
    }
  }

  static void awaitStatus(int port, @Nullable String authorization, String expected)
      throws Exception {
    for (int i = 0; i < 300; i++) {
      try {
        if (WrongPasswordFlood.status("127.0.0.1", port, authorization).equals(expected)) {
          return;
        }
      } catch (IOException starting) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the exporter did not answer " + expected);
  }

  /** The scraper every 100 ms for {@code seconds}; latency after its first 200. */
  static void phase(String name, Exporter e, int seconds, List<WrongPasswordFlood> floods)
      throws Exception {
    long cpuBefore = cpuTicks(e.process.pid());
    long started = System.nanoTime();
    List<Long> micros = new ArrayList<>();
    Map<String, Integer> beforeAccepted = new TreeMap<>();
    Map<String, Integer> afterAccepted = new TreeMap<>();
    double acceptedAfter = -1;
    while (System.nanoTime() - started < seconds * 1_000_000_000L) {
      long t0 = System.nanoTime();
      String code;
      try {
        code = WrongPasswordFlood.status("127.0.0.1", e.port, RIGHT);
      } catch (IOException failed) {
        code = "error";
      }
      if (acceptedAfter < 0 && code.equals("200")) {
        // The accepting request itself is reported by this time, not in the latencies.
        acceptedAfter = (System.nanoTime() - started) / 1e9;
      } else if (acceptedAfter < 0) {
        beforeAccepted.merge(code, 1, Integer::sum);
      } else {
        afterAccepted.merge(code, 1, Integer::sum);
        micros.add((System.nanoTime() - t0) / 1000);
      }
      Thread.sleep(100);
    }
    double wall = (System.nanoTime() - started) / 1e9;
    long cpu = cpuTicks(e.process.pid()) - cpuBefore;
    Collections.sort(micros);
    Map<String, Integer> flooded = new TreeMap<>();
    floods.forEach(f -> f.takeAnswers().forEach((k, v) -> flooded.merge(k, v, Integer::sum)));
    System.out.printf(
        Locale.ROOT,
        "%s: first 200 after %.1f s (before it: %s); after it %s, latency p50 %.1f ms,"
            + " p99 %.1f ms; exporter CPU %.0f%% of one core; flood answers %s%n",
        name,
        acceptedAfter,
        beforeAccepted,
        afterAccepted,
        micros.isEmpty() ? Double.NaN : micros.get(micros.size() / 2) / 1000.0,
        micros.isEmpty() ? Double.NaN : micros.get((int) (micros.size() * 0.99)) / 1000.0,
        100.0 * cpu / 100.0 / wall,
        flooded);
  }

  /** utime + stime of the process in clock ticks (100 per second on Linux). */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
