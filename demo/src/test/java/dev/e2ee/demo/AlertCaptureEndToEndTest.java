package dev.e2ee.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.e2ee.exporter.config.BasicAuthConfig;
import dev.e2ee.exporter.config.CaptureConfig;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.ListenConfig;
import dev.e2ee.exporter.config.PasswordHash;
import dev.e2ee.exporter.config.UiConfig;
import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.NeedsTool;
import dev.e2ee.exporter.testing.PrometheusServer;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.exporter.testing.ShippedRules;
import dev.e2ee.fixture.DemoScenario;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture taken when an alert fires, end to end with the real pieces: the demo (embedded
 * PostgreSQL, a growing homeserver.log, the storm), the exporter behind basic auth, Debian's
 * Prometheus with the shipped rules (at a test's pace) and Debian's Alertmanager with
 * deploy/alertmanager/alertmanager.yml. The storm alert must reach both the humans and the
 * exporter, whose bundle holds the storm device's log lines and SQL and nothing of another user.
 */
@NeedsPostgres
@NeedsTool
class AlertCaptureEndToEndTest {
  static final String USER = "alertmanager";
  static final String PASSWORD = "end to end secret";
  static final List<String> OTHERS =
      List.of(DemoScenario.BOB, DemoScenario.CAROL, DemoScenario.DAVE);

  @Test
  void theStormAlertCapturesTheStormDeviceOnce(@TempDir Path dir) throws Exception {
    Path alertmanager = ExternalTool.require("prometheus-alertmanager", "prometheus-alertmanager");
    List<String> humans = new CopyOnWriteArrayList<>();
    HttpServer pager = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pager.createContext(
        "/",
        exchange -> {
          humans.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    pager.start();
    Path captures = dir.resolve("captures");
    List<AutoCloseable> running = new ArrayList<>();
    try (DemoEnvironment env = DemoEnvironment.start(Clock.systemUTC())) {
      ExporterConfig base = env.exporterConfig("127.0.0.1", 0);
      ExporterConfig config =
          base.withListen(
                  new ListenConfig(
                      "127.0.0.1",
                      0,
                      Optional.empty(),
                      Optional.of(
                          new BasicAuthConfig(USER, PasswordHash.hash(PASSWORD.toCharArray())))))
              .withConsole(
                  UiConfig.DEFAULTS,
                  new CaptureConfig(
                      Optional.of(captures),
                      Duration.ofMinutes(30),
                      2,
                      1L << 30,
                      Duration.ofMinutes(30)));
      Exporter exporter = new Exporter(config, Clock.systemUTC(), Map.of());
      running.add(exporter);
      int port = exporter.start();
      String auth =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

      int amPort = PrometheusServer.freePort();
      Process am = startAlertmanager(alertmanager, dir, amPort, port, pager.getAddress().getPort());
      running.add(am::destroy);
      Await.until(() -> ready(amPort), Duration.ofSeconds(60));

      Path rules = ShippedRules.everySecond(dir, true);
      PrometheusServer prometheus =
          PrometheusServer.start(
              dir,
              String.join(
                  "\n",
                  ShippedRules.prometheusConfigHead(rules),
                  "alerting: {alertmanagers: [{static_configs: [{targets: ['127.0.0.1:"
                      + amPort
                      + "']}]}]}",
                  "scrape_configs:",
                  "  - job_name: synapse-e2ee-exporter",
                  "    basic_auth: {username: " + USER + ", password: '" + PASSWORD + "'}",
                  "    static_configs: [{targets: ['127.0.0.1:"
                      + port
                      + "'], labels: {homeserver: demo.local}}]",
                  ""),
              dir.resolve("data"));
      running.add(prometheus);

      // The storm alert fires -> Alertmanager -> the webhook -> a complete bundle appears.
      Await.until(() -> stormBundle(captures).isPresent(), Duration.ofMinutes(4));
      Path bundle = stormBundle(captures).orElseThrow();
      String slice = Files.readString(bundle.resolve("homeserver-slice.log"));
      assertThat(slice).contains(DemoScenario.STORM_DEVICE, "already exists");
      assertThat(Files.readString(bundle.resolve("sql-devices.csv")))
          .contains(DemoScenario.STORM_DEVICE);
      assertThat(Files.readString(bundle.resolve("verdicts.json"))).contains("divergence");
      assertThat(Files.readString(bundle.resolve("README.md"))).contains("E2EEOtk");
      try (Stream<Path> files = Files.walk(bundle)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertThat(Files.readString(f))
              .as("%s holds nothing of another user", f.getFileName())
              .doesNotContain(OTHERS.toArray(String[]::new));
        }
      }
      // The humans were told as well.
      Await.until(
          () -> humans.stream().anyMatch(b -> b.contains(DemoScenario.STORM_DEVICE)),
          Duration.ofMinutes(2));

      // The page lists it; the download needs the same auth.
      String page = Http.get(port, "/", "Authorization", auth).body();
      String name = bundle.getFileName().toString();
      assertThat(page).contains("id=\"bundles\"", "captures/" + name + ".zip");
      assertThat(Http.get(port, "/captures/" + name + ".zip").statusCode()).isEqualTo(401);
      var zip = Http.getBytes(port, "/captures/" + name + ".zip", "Authorization", auth);
      assertThat(zip.statusCode()).isEqualTo(200);
      assertThat(entries(zip.body())).contains(name + "/homeserver-slice.log", name + "/README.md");

      // A second firing within min_interval: skipped and counted. Unauthenticated: refused.
      String again =
          "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\",\"labels\":"
              + "{\"alertname\":\"E2EEOtkDivergence\",\"homeserver\":\"demo.local\",\"user\":\""
              + DemoScenario.ALICE
              + "\",\"device\":\""
              + DemoScenario.STORM_DEVICE
              + "\"},\"startsAt\":\"2026-12-06T05:00:00Z\"}]}";
      assertThat(Http.post(port, "/api/v1/alerts", again).statusCode()).isEqualTo(401);
      var skipped = Http.post(port, "/api/v1/alerts", again, "Authorization", auth);
      assertThat(skipped.statusCode()).isEqualTo(200);
      assertThat(skipped.body()).contains("\"captures_started\":0");
      Scrape scrape = new Scrape(Http.get(port, "/metrics", "Authorization", auth).body());
      assertThat(scrape.valueOrFail("synapse_e2ee_capture_skipped_total{reason=\"min_interval\"}"))
          .isGreaterThanOrEqualTo(1);
      assertThat(scrape.valueOrFail("synapse_e2ee_capture_bundles_total"))
          .isGreaterThanOrEqualTo(1);
      try (Stream<Path> all = Files.list(captures)) {
        assertThat(all.filter(d -> stormDevice(d)).count())
            .as("one bundle for the storm device")
            .isEqualTo(1);
      }
    } finally {
      for (int i = running.size() - 1; i >= 0; i--) {
        running.get(i).close();
      }
      pager.stop(0);
    }
  }

  private static Process startAlertmanager(
      Path binary, Path dir, int amPort, int exporterPort, int pagerPort) throws Exception {
    String example =
        Files.readString(ExternalTool.repository().resolve("deploy/alertmanager/alertmanager.yml"));
    String config =
        example
            .replace(
                "      - url: http://127.0.0.1:9477/api/v1/alerts\n",
                "      - url: http://127.0.0.1:"
                    + exporterPort
                    + "/api/v1/alerts\n        http_config: {basic_auth: {username: "
                    + USER
                    + ", password: '"
                    + PASSWORD
                    + "'}}\n")
            .replace("http://127.0.0.1:9095/", "http://127.0.0.1:" + pagerPort + "/")
            .replace("group_wait: 30s", "group_wait: 1s");
    assertThat(config).contains("127.0.0.1:" + exporterPort + "/api/v1/alerts");
    Path file = Files.writeString(dir.resolve("alertmanager.yml"), config);
    return new ProcessBuilder(
            binary.toString(),
            "--config.file=" + file,
            "--storage.path=" + Files.createDirectories(dir.resolve("am-data")),
            "--web.listen-address=127.0.0.1:" + amPort,
            "--cluster.listen-address=",
            "--log.level=warn")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("alertmanager.log").toFile())
        .start();
  }

  private static boolean ready(int port) {
    try {
      return Http.get(port, "/-/ready").statusCode() == 200;
    } catch (IllegalStateException notYet) {
      return false;
    }
  }

  private static Optional<Path> stormBundle(Path captures) {
    if (!Files.isDirectory(captures)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(captures)) {
      return dirs.filter(AlertCaptureEndToEndTest::stormDevice).findFirst();
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  private static boolean stormDevice(Path bundle) {
    try {
      Path meta = bundle.resolve("bundle.json");
      return Files.isRegularFile(meta)
          && Files.readString(meta).contains("\"" + DemoScenario.STORM_DEVICE + "\"");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static List<String> entries(byte[] zip) throws Exception {
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
      }
    }
    return names;
  }
}
