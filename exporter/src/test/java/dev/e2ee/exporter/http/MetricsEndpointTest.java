package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.metrics.BuildInfo;
import dev.e2ee.exporter.metrics.SelfMetrics;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.Loopback;
import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} on a real loopback listener, with renders the test lets finish when it
 * chooses (the endpoint's offload seam): scrapes that arrive while an identical one renders share
 * it; other scrapes, and scrapes after it, render their own.
 */
class MetricsEndpointTest {
  private static final String COALESCED = "synapse_e2ee_scrapes_coalesced_total";

  private final Vertx vertx = Vertx.vertx();
  private final PrometheusRegistry registry = new PrometheusRegistry();

  /** Renders started and not yet let finish, each finishing on the event loop it started on. */
  private final List<Runnable> held = new CopyOnWriteArrayList<>();

  private int renders;
  private volatile boolean failing;
  private final int port;

  MetricsEndpointTest() {
    MetricsEndpoint endpoint =
        new MetricsEndpoint(
            registry,
            new SelfMetrics(registry, BuildInfo.current()),
            render -> {
              renders++;
              Context context = Vertx.currentContext();
              Promise<RenderedResponse> done = Promise.promise();
              held.add(
                  () ->
                      context.runOnContext(
                          v -> {
                            try {
                              if (failing) {
                                throw new IllegalStateException("a collector broke");
                              }
                              done.complete(render.call());
                            } catch (Exception e) {
                              done.fail(e);
                            }
                          }));
              return done.future();
            });
    Router router = Router.router(vertx);
    router.get("/metrics").handler(endpoint);
    port = Loopback.listen(vertx, router);
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private void release() {
    held.forEach(Runnable::run);
    held.clear();
  }

  private void awaitRenders(int n) throws InterruptedException {
    Await.until(() -> held.size() == n, Duration.ofSeconds(20));
  }

  private void awaitCoalesced() throws InterruptedException {
    Await.until(() -> Scrape.of(registry).valueOrFail(COALESCED) == 1, Duration.ofSeconds(20));
  }

  @Test
  void identicalScrapesWhileOneRendersShareItsRender() throws Exception {
    CompletableFuture<HttpResponse<String>> first = Http.getAsync(port, "/metrics");
    awaitRenders(1);
    CompletableFuture<HttpResponse<String>> second = Http.getAsync(port, "/metrics");
    awaitCoalesced();
    assertThat(first).isNotDone();
    release();

    String body = first.get(20, TimeUnit.SECONDS).body();
    assertThat(second.get(20, TimeUnit.SECONDS).body()).isEqualTo(body);
    assertThat(renders).isEqualTo(1);
  }

  @Test
  void aScrapeOfOtherSeriesOrAfterTheRenderRendersAgain() throws Exception {
    CompletableFuture<HttpResponse<String>> all = Http.getAsync(port, "/metrics");
    awaitRenders(1);
    CompletableFuture<HttpResponse<String>> some =
        Http.getAsync(port, "/metrics?name%5B%5D=" + COALESCED);
    awaitRenders(2);
    release();
    assertThat(all.get(20, TimeUnit.SECONDS).body()).contains("synapse_e2ee_exposition_");
    assertThat(some.get(20, TimeUnit.SECONDS).body())
        .contains(COALESCED)
        .doesNotContain("synapse_e2ee_exposition_");

    CompletableFuture<HttpResponse<String>> later = Http.getAsync(port, "/metrics");
    awaitRenders(1);
    release();
    assertThat(later.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(renders).isEqualTo(3);
    assertThat(Scrape.of(registry).valueOrFail(COALESCED)).isZero();
  }

  @Test
  void aFailedRenderIsA500ForEveryScrapeThatWaitedForIt() throws Exception {
    failing = true;
    CompletableFuture<HttpResponse<String>> first = Http.getAsync(port, "/metrics");
    awaitRenders(1);
    CompletableFuture<HttpResponse<String>> second = Http.getAsync(port, "/metrics");
    awaitCoalesced();
    release();
    for (CompletableFuture<HttpResponse<String>> scrape : List.of(first, second)) {
      HttpResponse<String> response = scrape.get(20, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body()).isEqualTo("error collecting metrics\n");
    }
  }
}
