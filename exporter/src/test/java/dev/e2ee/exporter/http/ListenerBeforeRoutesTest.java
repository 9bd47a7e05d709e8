package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.ListenConfig;
import dev.e2ee.exporter.testing.Http;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The listener is bound before the sources are wired: until the routes are served it answers {@code
 * /-/healthy} and nothing else, so that no page shows a half-wired exporter. (Once served, every
 * route answers through the same listener: HttpApiTest, via the exporter.)
 */
class ListenerBeforeRoutesTest {
  @Test
  void onlyHealthyAnswersUntilTheRoutesAreServed() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HttpApi api = new HttpApi(vertx, new ListenConfig("127.0.0.1", 0), new PrometheusRegistry());
      int port = api.start().await(10, TimeUnit.SECONDS);
      api.answerOnce(port);
      HttpResponse<String> healthy = Http.get(port, "/-/healthy");
      assertThat(healthy.statusCode()).isEqualTo(200);
      assertThat(healthy.body()).isEqualTo("Healthy\n");
      for (String path : List.of("/-/ready", "/metrics", "/", "/api/v1/status", "/nowhere")) {
        HttpResponse<String> early = Http.get(port, path);
        assertThat(early.statusCode()).as(path).isEqualTo(503);
        assertThat(early.body()).isEqualTo("Not ready: sources are still starting\n");
        assertThat(early.headers().firstValue("Retry-After")).hasValue("1");
      }
      api.stop().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
