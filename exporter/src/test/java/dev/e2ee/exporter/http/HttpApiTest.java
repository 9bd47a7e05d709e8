package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.metrics.BuildInfo;
import dev.e2ee.exporter.metrics.SelfMetrics;
import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.exporter.testing.TestConfigs;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpApiTest {
  Exporter exporter;

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.close();
    }
  }

  int start(ExporterConfig config) {
    exporter = new Exporter(config, Clock.systemUTC(), Map.of());
    return exporter.start();
  }

  @Test
  void metricsDefaultToPrometheusTextWithBuildInfoAndJvmMetrics() {
    int port = start(TestConfigs.noSources());
    HttpResponse<String> response = Http.get(port, "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    Scrape scrape = new Scrape(response.body());
    assertThat(scrape.text())
        .containsPattern(
            "(?m)^synapse_e2ee_build_info\\{java_version=\""
                + System.getProperty("java.version")
                + "\",revision=\"[^\"]+\",version=\"[^\"]+\"} 1\\.0$");
    assertThat(scrape.text()).contains("jvm_memory_used_bytes");
  }

  @Test
  void openMetricsWhenTheScraperAsksForIt() {
    int port = start(TestConfigs.noSources());
    HttpResponse<String> response =
        Http.get(
            port,
            "/metrics",
            "Accept",
            "application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(response.body()).endsWith("# EOF\n").contains("synapse_e2ee_build_info{");
  }

  @Test
  void gzipWhenAccepted() throws Exception {
    int port = start(TestConfigs.noSources());
    HttpResponse<byte[]> response = Http.getBytes(port, "/metrics", "Accept-Encoding", "gzip");
    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .contains("synapse_e2ee_build_info{");
    }
  }

  @Test
  void landingHealthReadyAndStatus() {
    int port = start(TestConfigs.noSources());
    HttpResponse<String> landing = Http.get(port, "/");
    assertThat(landing.statusCode()).isEqualTo(200);
    assertThat(landing.body())
        .contains(
            "synapse-e2ee-exporter",
            "href=\"metrics\"",
            "<td>database</td>",
            "<td class=\"disabled\">disabled</td>");
    assertThat(Http.get(port, "/-/healthy").statusCode()).isEqualTo(200);
    assertThat(Http.get(port, "/-/ready").statusCode()).isEqualTo(200);
    JsonObject status = new JsonObject(Http.get(port, "/api/v1/status").body());
    assertThat(status.getBoolean("ready")).isTrue();
    assertThat(status.getJsonArray("sources").size()).isEqualTo(2);
    assertThat(status.getJsonArray("sources").getJsonObject(0).getString("state"))
        .isEqualTo("disabled");
    assertThat(Http.get(port, "/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void notReadyWhileTheDatabaseHasNotAnsweredButMetricsStillServe() throws Exception {
    // A socket that accepts connections and never says a word: the worst database.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port =
          start(
              TestConfigs.with(
                  TestConfigs.disabledLogs(), TestConfigs.silentDatabase(silent.getLocalPort())));
      assertThat(Http.get(port, "/-/ready").statusCode()).isEqualTo(503);
      HttpResponse<String> metrics = Http.get(port, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(new Scrape(metrics.body()).valueOrFail("synapse_e2ee_db_up")).isEqualTo(0);
      // The client-side limit turns the silence into a counted timeout and a DOWN source.
      waitUntil(() -> Http.get(port, "/-/ready").statusCode() == 200);
      Scrape after = new Scrape(Http.get(port, "/metrics").body());
      assertThat(
              after.valueOrFail(
                  "synapse_e2ee_db_query_errors_total{query=\"connect\",reason=\"timeout\"}"))
          .isGreaterThanOrEqualTo(1);
      JsonObject db =
          new JsonObject(Http.get(port, "/api/v1/status").body())
              .getJsonArray("sources")
              .getJsonObject(0);
      assertThat(db.getString("state")).isEqualTo("down");
      assertThat(db.getString("detail")).startsWith("timeout");
    }
  }

  @Test
  void renderingRunsOffTheEventLoopAndConcurrentScrapesShareOneCollection() throws Exception {
    int port = start(TestConfigs.noSources());
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger collections = new AtomicInteger();
    exporter
        .registry()
        .register(
            new Collector() {
              @Override
              public MetricFamilyDescriptor getMetricFamilyDescriptor() {
                // Described, so that a scrape filtered to other names never waits for this one.
                return MetricFamilyDescriptor.gauge("synapse_e2ee_test_slow").build();
              }

              @Override
              public MetricSnapshot collect() {
                collections.incrementAndGet();
                entered.countDown();
                try {
                  release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return GaugeSnapshot.builder()
                    .name("synapse_e2ee_test_slow")
                    .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(1).build())
                    .build();
              }
            });
    CompletableFuture<HttpResponse<String>> first = Http.getAsync(port, "/metrics");
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    // If rendering ran on the event loop, this request could not be answered now.
    assertThat(Http.get(port, "/-/healthy").statusCode()).isEqualTo(200);
    List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      more.add(Http.getAsync(port, "/metrics"));
    }
    // The four have reached the server and joined the blocked render (a filtered scrape does not
    // touch the slow collector).
    waitUntil(
        () ->
            Scrape.of(exporter.registry(), "synapse_e2ee_scrapes_coalesced"::equals)
                    .value("synapse_e2ee_scrapes_coalesced_total")
                    .orElse(0)
                == 4);
    release.countDown();
    assertThat(first.get(20, TimeUnit.SECONDS).body()).contains("synapse_e2ee_test_slow 1.0");
    for (CompletableFuture<HttpResponse<String>> f : more) {
      assertThat(f.get(20, TimeUnit.SECONDS).body()).contains("synapse_e2ee_test_slow 1.0");
    }
    assertThat(collections.get()).isEqualTo(1);
  }

  @Test
  void tenThousandSeriesAreServedCompletely() {
    int port = start(TestConfigs.noSources());
    Gauge many =
        Gauge.builder()
            .name("synapse_e2ee_test_many")
            .help("t")
            .labelNames("device")
            .register(exporter.registry());
    for (int i = 0; i < 10_000; i++) {
      many.labelValues("DEVICE" + i).set(i);
    }
    List<CompletableFuture<HttpResponse<String>>> scrapes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      scrapes.add(Http.getAsync(port, "/metrics"));
    }
    for (CompletableFuture<HttpResponse<String>> f : scrapes) {
      Scrape scrape = new Scrape(f.join().body());
      assertThat(scrape.countSeries("synapse_e2ee_test_many{")).isEqualTo(10_000);
      assertThat(scrape.valueOrFail("synapse_e2ee_test_many{device=\"DEVICE9999\"}"))
          .isEqualTo(9999);
    }
  }

  static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    Await.until(condition, Duration.ofSeconds(20));
  }

  @Test
  void aRenderThatFinishesAtOnceIsStillAnswered() throws Exception {
    // Under load a render can finish before its scrape subscribes; here it always does.
    Vertx vertx = Vertx.vertx();
    try {
      PrometheusRegistry registry = new PrometheusRegistry();
      MetricsEndpoint endpoint =
          new MetricsEndpoint(
              registry,
              new SelfMetrics(registry, BuildInfo.current()),
              render -> {
                try {
                  return Future.succeededFuture(render.call());
                } catch (Exception e) {
                  return Future.failedFuture(e);
                }
              });
      Router router = Router.router(vertx);
      router.get("/metrics").handler(endpoint);
      int port =
          vertx
              .createHttpServer()
              .requestHandler(router)
              .listen(0, "127.0.0.1")
              .await(10, TimeUnit.SECONDS)
              .actualPort();
      for (int i = 0; i < 3; i++) {
        var response = Http.get(port, "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("synapse_e2ee_build_info");
      }
    } finally {
      vertx.close().await(5, TimeUnit.SECONDS);
    }
  }
}
