package dev.e2ee.exporter.http;

import dev.e2ee.exporter.metrics.SelfMetrics;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the client library's own scrape handler (format negotiation for
 * text and OpenMetrics, gzip, {@code name[]} filters) behind a thin Vert.x adapter.
 *
 * <p>Collection and rendering run on a worker thread: with tens of thousands of series they
 * take long enough to trip Vert.x's blocked-event-loop check. Scrapes that arrive while an
 * identical one is being rendered wait for that render instead of starting another, so two
 * Prometheus servers (or an impatient curl loop) cost one collection, not several.
 */
final class MetricsEndpoint implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

  private final Vertx vertx;
  private final PrometheusScrapeHandler scrapeHandler;
  private final SelfMetrics selfMetrics;
  private final Map<String, Future<RenderedResponse>> inFlight = new ConcurrentHashMap<>();

  MetricsEndpoint(Vertx vertx, PrometheusRegistry registry, SelfMetrics selfMetrics) {
    this.vertx = vertx;
    this.scrapeHandler = new PrometheusScrapeHandler(registry);
    this.selfMetrics = selfMetrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ScrapeRequest request = ScrapeRequest.copyOf(ctx.request());
    String key = request.coalescingKey();
    Future<RenderedResponse> render = inFlight.computeIfAbsent(key, k -> {
      Future<RenderedResponse> started = vertx.executeBlocking(() -> render(request), false);
      started.onComplete(done -> inFlight.remove(k, started));
      return started;
    });
    render.onComplete(done -> {
      HttpServerResponse response = ctx.response();
      if (done.failed()) {
        LOG.warn("rendering /metrics failed: {}", done.cause().toString());
        response.setStatusCode(500).putHeader("Content-Type", "text/plain; charset=utf-8")
            .end("error collecting metrics\n");
        return;
      }
      RenderedResponse rendered = done.result();
      response.setStatusCode(rendered.status());
      rendered.headers().forEach(response::putHeader);
      response.end(Buffer.buffer(rendered.body()));
    });
  }

  private RenderedResponse render(ScrapeRequest request) throws Exception {
    long started = System.nanoTime();
    RenderedResponse rendered = new RenderedResponse();
    scrapeHandler.handleRequest(rendered.exchangeFor(request));
    selfMetrics.recordExposition((System.nanoTime() - started) / 1e9, rendered.bodySize());
    return rendered;
  }
}
