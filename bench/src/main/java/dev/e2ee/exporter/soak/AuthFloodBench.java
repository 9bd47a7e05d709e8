package dev.e2ee.exporter.soak;

import dev.e2ee.exporter.config.PasswordHash;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scrape latency of the packaged jar with basic auth, alone and while 20 clients (from 127.0.0.2 ..
 * 127.0.0.21) send wrong passwords as fast as they are answered; plus the exporter's CPU over each
 * phase. Loopback only; bounded in time; stops by itself. Usage: {@code AuthFloodBench <jar>
 * <seconds per phase>}.
 */
public final class AuthFloodBench {
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path dir = Files.createTempDirectory("auth-flood");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path config =
        Files.writeString(
            dir.resolve("config.yml"),
            String.join(
                "\n",
                "listen: {address: 127.0.0.1, port: "
                    + port
                    + ", basic_auth: {username: prometheus, password_hash: '"
                    + PasswordHash.hash("correct horse".toCharArray())
                    + "'}}",
                "synapse: {server_name: example.org}",
                "logs: {enabled: false}",
                "database: {enabled: false}",
                ""));
    Process exporter =
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
            .redirectOutput(dir.resolve("out.log").toFile())
            .start();
    try {
      String right =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString("prometheus:correct horse".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < 200; i++) {
        try {
          if (status(port, right).equals("200")) {
            break;
          }
        } catch (IOException starting) {
          // not listening yet
        }
        Thread.sleep(100);
      }
      phase("alone", port, right, seconds, exporter.pid(), false);
      phase(
          "flood of wrong passwords from 20 addresses", port, right, seconds, exporter.pid(), true);
    } finally {
      exporter.destroy();
      exporter.waitFor();
    }
  }

  static void phase(String name, int port, String right, int seconds, long pid, boolean flood)
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentHashMap<String, AtomicInteger> codes = new ConcurrentHashMap<>();
    List<Thread> attackers = new ArrayList<>();
    if (flood) {
      for (int c = 2; c <= 21; c++) {
        String from = "127.0.0." + c;
        Thread t =
            new Thread(
                () -> {
                  int i = 0;
                  while (!stop.get()) {
                    try {
                      String code =
                          request(
                              from,
                              port,
                              "Basic "
                                  + Base64.getEncoder()
                                      .encodeToString(
                                          ("prometheus:guess" + (i++))
                                              .getBytes(StandardCharsets.UTF_8)));
                      codes.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
                    } catch (IOException e) {
                      codes.computeIfAbsent("error", k -> new AtomicInteger()).incrementAndGet();
                    }
                  }
                });
        t.start();
        attackers.add(t);
      }
    }
    long cpuBefore = cpuTicks(pid);
    long started = System.nanoTime();
    List<Long> micros = new ArrayList<>();
    int failed = 0;
    while (System.nanoTime() - started < seconds * 1_000_000_000L) {
      long t0 = System.nanoTime();
      if (!status(port, right).equals("200")) {
        failed++;
      }
      micros.add((System.nanoTime() - t0) / 1000);
      Thread.sleep(100);
    }
    double wall = (System.nanoTime() - started) / 1e9;
    long cpu = cpuTicks(pid) - cpuBefore;
    stop.set(true);
    for (Thread t : attackers) {
      t.join();
    }
    Collections.sort(micros);
    System.out.printf(
        Locale.ROOT,
        "%s: %d scrapes (%d not 200), latency p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
            + " exporter CPU %.0f%% of one core; flood answers %s%n",
        name,
        micros.size(),
        failed,
        micros.get(micros.size() / 2) / 1000.0,
        micros.get((int) (micros.size() * 0.99)) / 1000.0,
        micros.get(micros.size() - 1) / 1000.0,
        100.0 * cpu / 100.0 / wall,
        codes);
  }

  static String status(int port, String authorization) throws IOException {
    return request("127.0.0.1", port, authorization);
  }

  static String request(String from, int port, String authorization) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(30_000);
      s.getOutputStream()
          .write(
              ("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: "
                      + authorization
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      byte[] head = s.getInputStream().readNBytes(12);
      s.getInputStream().readAllBytes();
      return head.length < 12 ? "none" : new String(head, 9, 3, StandardCharsets.US_ASCII);
    }
  }

  /** utime + stime of the process in clock ticks (100 per second on Linux). */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
