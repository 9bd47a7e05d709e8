package dev.e2ee.exporter.soak;

import dev.e2ee.demo.EmbeddedSynapseDatabase;
import dev.e2ee.fixture.DemoScenario;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Whole-process soak of the packaged jar under the systemd unit's JVM flags: a 20 requests/s KE-1
 * storm plus 200 ordinary access lines/s written to a Synapse-format log, rotated every minute
 * alternating rename+create and copytruncate (nothing written in between, as the scenario
 * says), with the embedded PostgreSQL polled every 5 s. Every minute: RSS, heap, scrape latency. At
 * the end: lines written vs counted. Loopback only; stops by itself. Usage: {@code TailSoak
 * <minutes> <work dir> <jar> <systemd unit>}.
 */
public final class TailSoak {
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS").withZone(ZoneOffset.UTC);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path dir;
  private final Path log;
  private final AtomicLong linesWritten = new AtomicLong();
  private final AtomicLong stormRequests = new AtomicLong();
  private long request;
  private @Nullable OutputStream out;

  TailSoak(Path dir) {
    this.dir = dir;
    this.log = dir.resolve("homeserver.log");
  }

  public static void main(String[] args) throws Exception {
    int minutes = Integer.parseInt(args[0]);
    Path dir = Files.createDirectories(Path.of(args[1]));
    Path jar = Path.of(args[2]);
    List<String> jvmFlags = unitJvmFlags(Path.of(args[3]));
    new TailSoak(dir).run(minutes, jar, jvmFlags);
  }

  /** The -X flags of the unit's ExecStart, so the soak runs what the unit runs. */
  static List<String> unitJvmFlags(Path unit) throws IOException {
    String text = Files.readString(unit).replace("\\\n", " ");
    Matcher m = Pattern.compile("(?m)^ExecStart=(.*)$").matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no ExecStart in " + unit);
    }
    return Arrays.stream(m.group(1).trim().split("\\s+"))
        .filter(t -> t.startsWith("-X") || t.startsWith("-D"))
        .toList();
  }

  /** The exporter's config for a soak: the log from its start, the demo database every 5 s. */
  static Path writeConfig(Path dir, int port, Path log, Path positions, int databasePort)
      throws IOException {
    return Files.writeString(
        dir.resolve("config.yml"),
        String.join(
            "\n",
            "listen: {address: 127.0.0.1, port: " + port + "}",
            "synapse: {server_name: " + DemoScenario.SERVER_NAME + ", log_timezone: UTC}",
            "logs: {files: ['"
                + log
                + "'], start_at: beginning, positions_file: '"
                + positions
                + "'}",
            "database: {host: 127.0.0.1, port: "
                + databasePort
                + ", name: "
                + EmbeddedSynapseDatabase.DATABASE
                + ", user: "
                + EmbeddedSynapseDatabase.USER
                + ", sslmode: disable, poll_interval: 5s}",
            ""));
  }

  /** The unit's {@code Environment=NAME=value} settings (MALLOC_ARENA_MAX and the like). */
  static Map<String, String> unitEnvironment(Path unit) throws IOException {
    Map<String, String> environment = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^Environment=(\\w+)=(\\S*)$").matcher(Files.readString(unit));
    while (m.find()) {
      environment.put(m.group(1), m.group(2));
    }
    return environment;
  }

  void run(int minutes, Path jar, List<String> jvmFlags) throws Exception {
    try (EmbeddedSynapseDatabase db = EmbeddedSynapseDatabase.start(dir.resolve("pgdata"))) {
      DemoScenario.seed(db.dataSource(), System.currentTimeMillis());
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      Path config = writeConfig(dir, port, log, dir.resolve("positions.json"), db.port());
      out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
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
        awaitReady(port);
        soak(minutes, port, exporter.pid());
        settleAndCompare(port);
      } finally {
        exporter.destroy();
        exporter.waitFor();
        out.close();
      }
    }
  }

  private void soak(int minutes, int port, long pid) throws Exception {
    System.out.println(
        "| minute | lines written | lines read | RSS MB | heap used MB | scrape ms (median / max of 6) | rotation |");
    System.out.println("|---|---|---|---|---|---|---|");
    long start = System.nanoTime();
    long nextTick = start;
    int minute = 0;
    List<Long> scrapeMillis = new ArrayList<>();
    long nextScrape = start + 10_000_000_000L;
    while (minute < minutes) {
      writeTick(Instant.now());
      long now = System.nanoTime();
      if (now >= nextScrape) {
        nextScrape += 10_000_000_000L;
        scrapeMillis.add(timedScrape(port));
      }
      if (now - start >= (minute + 1) * 60_000_000_000L) {
        minute++;
        String rotation = minute % 2 == 1 ? "rename" : "copytruncate";
        if (minute < minutes) {
          rotate(rotation);
        }
        String metrics = scrape(port);
        List<Long> sorted = scrapeMillis.stream().sorted().toList();
        System.out.printf(
            Locale.ROOT,
            "| %d | %,d | %,.0f | %.1f | %.1f | %d / %d | %s |%n",
            minute,
            linesWritten.get(),
            value(metrics, "synapse_e2ee_log_lines_read_total{file=\"" + log + "\"}"),
            rssMb(pid),
            heapMb(metrics),
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

  /** 50 ms of traffic: one rejected key upload (three lines) and ten ordinary access lines. */
  private void writeTick(Instant t) throws IOException {
    String ts = ASCTIME.format(t);
    StringBuilder b = new StringBuilder();
    String req = "POST-" + (++request);
    b.append(ts)
        .append(" - synapse.handlers.e2e_keys - 145 - INFO - ")
        .append(req)
        .append(" - Adding one_time_keys dict_keys(['signed_curve25519:")
        .append(DemoScenario.STORM_KEY_ID)
        .append("']) for device '")
        .append(DemoScenario.STORM_DEVICE)
        .append("' for user '")
        .append(DemoScenario.ALICE)
        .append("' at ")
        .append(t.toEpochMilli())
        .append('\n');
    b.append(ts)
        .append(" - synapse.http.server - 130 - INFO - ")
        .append(req)
        .append(" - <XForwardedForRequest at")
        .append(
            " 0x7f method='POST' uri='/_matrix/client/v3/keys/upload' clientproto='HTTP/1.1' site='8008'>")
        .append(" SynapseError: 400 - One time key signed_curve25519:")
        .append(DemoScenario.STORM_KEY_ID)
        .append(
            " already exists. Old key: {\"key\":\"server-side\",\"signatures\":{}}; new key: {'key': 'client-side',")
        .append(" 'signatures': {}}\n");
    b.append(access(ts, req, "POST", "/_matrix/client/v3/keys/upload", 400)).append('\n');
    stormRequests.incrementAndGet();
    for (int i = 0; i < 10; i++) {
      b.append(
              access(ts, "GET-" + (++request), "GET", "/_matrix/client/v3/sync?timeout=30000", 200))
          .append('\n');
    }
    Objects.requireNonNull(out, "run() opens the log")
        .write(b.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    linesWritten.addAndGet(13);
  }

  private static String access(String ts, String req, String method, String uri, int status) {
    return ts
        + " - synapse.access.http.8008 - 461 - INFO - "
        + req
        + " - ::1 - 8008 - {"
        + DemoScenario.ALICE
        + "} Processed request: 0.010sec/0.001sec ru=(0.001sec, 0.001sec) db=(0.000sec/0.002sec/1) 63B "
        + status
        + " \""
        + method
        + " "
        + uri
        + " HTTP/1.1\" \"Element/1.11.0\" [0 dbevts]";
  }

  /** logrotate's two styles; the writer writes nothing in between (one thread). */
  private void rotate(String style) throws IOException {
    for (int n = 3; n >= 1; n--) {
      Path from = dir.resolve("homeserver.log." + n);
      if (Files.exists(from)) {
        Files.move(
            from, dir.resolve("homeserver.log." + (n + 1)), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (style.equals("rename")) {
      Objects.requireNonNull(out, "run() opens the log").close();
      Files.move(log, dir.resolve("homeserver.log.1"));
      out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } else {
      Files.copy(log, dir.resolve("homeserver.log.1"));
      try (FileChannel c = FileChannel.open(log, StandardOpenOption.WRITE)) {
        c.truncate(0);
      }
    }
  }

  private void settleAndCompare(int port) throws Exception {
    String metrics = "";
    for (int i = 0; i < 120; i++) {
      metrics = scrape(port);
      if (value(metrics, "synapse_e2ee_log_lines_read_total{file=\"" + log + "\"}")
          >= linesWritten.get()) {
        break;
      }
      Thread.sleep(500);
    }
    Thread.sleep(12_000); // the KE-1 join's grace period
    metrics = scrape(port);
    System.out.printf(
        Locale.ROOT,
        "%nlines written %,d; lines read %,.0f; records %,.0f; skipped %,.0f%n",
        linesWritten.get(),
        value(metrics, "synapse_e2ee_log_lines_read_total{file=\"" + log + "\"}"),
        value(metrics, "synapse_e2ee_log_records_total{file=\"" + log + "\"}"),
        sum(metrics, "synapse_e2ee_log_lines_skipped_total{"));
    System.out.printf(
        Locale.ROOT,
        "KE-1 requests written %,d; otk_conflicts_total for the storm device %,.0f;"
            + " device=\"unknown\" series: %s%n",
        stormRequests.get(),
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

  private static void awaitReady(int port) throws Exception {
    for (int i = 0; i < 200; i++) {
      try {
        if (HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("exporter not ready");
  }

  private static String scrape(int port) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static long timedScrape(int port) throws Exception {
    long t0 = System.nanoTime();
    scrape(port);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  static double value(String metrics, String series) {
    for (String line : metrics.split("\n", -1)) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }

  static double sum(String metrics, String prefix) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static double heapMb(String metrics) {
    return metrics
            .lines()
            .filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\"}"))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
            .sum()
        / 1e6;
  }

  private static double rssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return -1;
  }
}
