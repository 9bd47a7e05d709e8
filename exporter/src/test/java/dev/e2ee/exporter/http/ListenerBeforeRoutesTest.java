package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.diagnosis.Findings;
import dev.e2ee.exporter.metrics.BuildInfo;
import dev.e2ee.exporter.metrics.SelfMetrics;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.TestConfigs;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listener is bound before the sources are wired: until the routes are served it answers {@code
 * /-/healthy} and nothing else, so that no page shows a half-wired exporter.
 */
class ListenerBeforeRoutesTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void onlyHealthyAnswersUntilTheRoutesAreServedThenEveryPath() throws Exception {
    ExporterConfig config = TestConfigs.noSources();
    ExporterConfig.Listen listen = new ExporterConfig.Listen("127.0.0.1", 0);
    PrometheusRegistry registry = new PrometheusRegistry();
    HttpApi api = new HttpApi(vertx, listen, registry);
    int port = api.start().await(10, TimeUnit.SECONDS);
    try {
      assertThat(Http.get(port, "/-/healthy").body()).isEqualTo("Healthy\n");
      for (String path : List.of("/-/ready", "/metrics", "/", "/api/v1/status", "/nowhere")) {
        HttpResponse<String> early = Http.get(port, path);
        assertThat(early.statusCode()).as(path).isEqualTo(503);
        assertThat(early.body()).isEqualTo("Not ready: sources are still starting\n");
        assertThat(early.headers().firstValue("Retry-After")).hasValue("1");
      }

      try (var capture =
          new dev.e2ee.exporter.capture.AlertCapture(
              config,
              a -> Optional.empty(),
              d -> Map.of(),
              Map.of(),
              registry,
              Clock.systemUTC())) {
        api.serve(
            registry,
            new SelfMetrics(registry, BuildInfo.current()),
            new HttpApi.Sources(
                new StatusModel(BuildInfo.current(), Instant.now(), List::of),
                List::of,
                Findings::none,
                capture),
            Clock.systemUTC());
        assertThat(Http.get(port, "/-/healthy").statusCode()).isEqualTo(200);
        assertThat(Http.get(port, "/-/ready").body()).isEqualTo("Ready\n");
        assertThat(Http.get(port, "/metrics").body()).contains("synapse_e2ee_build_info");
        assertThat(Http.get(port, "/nowhere").statusCode()).isEqualTo(404);
      }
    } finally {
      api.stop().await(10, TimeUnit.SECONDS);
    }
  }
}
