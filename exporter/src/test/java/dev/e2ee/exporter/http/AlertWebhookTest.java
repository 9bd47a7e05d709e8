package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.BasicAuthConfig;
import dev.e2ee.exporter.config.CaptureConfig;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.ListenConfig;
import dev.e2ee.exporter.config.PasswordHash;
import dev.e2ee.exporter.config.UiConfig;
import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.exporter.testing.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alertmanager's webhook on the listener: auth, limits, validation, counted outcomes. */
class AlertWebhookTest {
  static final String FIRING =
      "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":"
          + "\"E2EEOtkDivergence\",\"user\":\"@nobody:example.org\",\"device\":\"D\"},"
          + "\"startsAt\":\"2026-12-06T05:00:00Z\"},{\"status\":\"firing\",\"labels\":"
          + "{\"alertname\":\"Watchdog\"},\"startsAt\":\"2026-12-06T05:00:00Z\"}]}";

  static ExporterConfig config(Path dir) {
    return TestConfigs.noSources()
        .withConsole(
            UiConfig.DEFAULTS,
            new CaptureConfig(
                Optional.of(dir), Duration.ofMinutes(30), 2, 1L << 30, Duration.ofMinutes(30)));
  }

  @Test
  void validatesSizeAndShapeAndCountsWhatItDoesNotCapture(@TempDir Path dir) {
    try (Exporter exporter = new Exporter(config(dir), Clock.systemUTC(), Map.of())) {
      int port = exporter.start();
      assertThat(Http.post(port, "/api/v1/alerts", "{not json").statusCode()).isEqualTo(400);
      assertThat(
              Http.post(port, "/api/v1/alerts", "{\"version\":\"3\",\"alerts\":[]}").statusCode())
          .isEqualTo(400);
      String huge = "{\"version\":\"4\",\"alerts\":[],\"pad\":\"" + "x".repeat(2 << 20) + "\"}";
      assertThat(Http.post(port, "/api/v1/alerts", huge).statusCode()).isEqualTo(413);
      var ok = Http.post(port, "/api/v1/alerts", FIRING);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("\"captures_started\":0", "\"unknown_alert\":1");
      Scrape scrape = new Scrape(Http.get(port, "/metrics").body());
      assertThat(
              scrape.valueOrFail(
                  "synapse_e2ee_capture_requests_refused_total{reason=\"bad_payload\"}"))
          .isEqualTo(2);
      assertThat(
              scrape.valueOrFail(
                  "synapse_e2ee_capture_requests_refused_total{reason=\"too_large\"}"))
          .isEqualTo(1);
      assertThat(
              scrape.valueOrFail(
                  "synapse_e2ee_capture_alerts_ignored_total{reason=\"unknown_alert\"}"))
          .isEqualTo(1);
      // The labels name no device this exporter diagnoses: nothing to capture, and counted.
      assertThat(
              scrape.valueOrFail("synapse_e2ee_capture_skipped_total{reason=\"unknown_device\"}"))
          .isEqualTo(1);
      assertThat(Http.get(port, "/captures/..%2F..%2Fetc%2Fpasswd.zip").statusCode())
          .isEqualTo(404);
      assertThat(Http.get(port, "/captures/alert-20261206T050000Z-000000000000.zip").statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void needsTheListenersBasicAuth(@TempDir Path dir) throws Exception {
    ExporterConfig config =
        config(dir)
            .withListen(
                new ListenConfig(
                    "127.0.0.1",
                    0,
                    Optional.empty(),
                    Optional.of(
                        new BasicAuthConfig(
                            "alertmanager", PasswordHash.hash("s3cret pass".toCharArray())))));
    try (Exporter exporter = new Exporter(config, Clock.systemUTC(), Map.of())) {
      int port = exporter.start();
      assertThat(Http.post(port, "/api/v1/alerts", FIRING).statusCode()).isEqualTo(401);
      String basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString("alertmanager:s3cret pass".getBytes(StandardCharsets.UTF_8));
      assertThat(Http.post(port, "/api/v1/alerts", FIRING, "Authorization", basic).statusCode())
          .isEqualTo(200);
    }
  }

  /**
   * A listener on every interface without basic auth refuses the webhook. The exporter's router is
   * served here from a loopback server, so the test never listens beyond loopback itself.
   */
  @Test
  void isRefusedOnANonLoopbackListenerWithoutAuth(@TempDir Path dir) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      ExporterConfig config = config(dir).withListen(new ListenConfig("0.0.0.0", 9477));
      var registry = new io.prometheus.metrics.model.registry.PrometheusRegistry();
      try (var capture =
          new dev.e2ee.exporter.capture.AlertCapture(
              config,
              a -> Optional.empty(),
              d -> Map.of(),
              Map.of(),
              registry,
              Clock.systemUTC())) {
        HttpApi api =
            new HttpApi(
                vertx,
                config.listen(),
                registry,
                new dev.e2ee.exporter.metrics.SelfMetrics(
                    registry, dev.e2ee.exporter.metrics.BuildInfo.current()),
                new HttpApi.Sources(
                    new StatusModel(
                        dev.e2ee.exporter.metrics.BuildInfo.current(),
                        java.time.Instant.now(),
                        java.util.List::of),
                    java.util.List::of,
                    dev.e2ee.exporter.diagnosis.Findings::none,
                    capture),
                Clock.systemUTC());
        HttpServer server =
            vertx
                .createHttpServer()
                .requestHandler(api.router())
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        assertThat(Http.post(server.actualPort(), "/api/v1/alerts", FIRING).statusCode())
            .isEqualTo(403);
      }
      assertThat(AlertWebhook.loopback("127.0.0.1")).isTrue();
      assertThat(AlertWebhook.loopback("::1")).isTrue();
      assertThat(AlertWebhook.loopback("0.0.0.0")).isFalse();
      assertThat(AlertWebhook.loopback("192.0.2.7")).isFalse();
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
