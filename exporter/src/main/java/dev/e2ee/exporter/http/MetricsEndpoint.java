package dev.e2ee.exporter.http;

import dev.e2ee.exporter.metrics.SelfMetrics;
import dev.e2ee.exporter.support.ErrorText;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the client library's own scrape handler (format negotiation for text and
 * OpenMetrics, gzip, {@code name[]} filters) behind a thin Vert.x adapter.
 *
 * <p>Collection and rendering run on a worker thread: with tens of thousands of series they take
 * long enough to trip Vert.x's blocked-event-loop check. Scrapes that arrive while an identical one
 * is being rendered wait for that render instead of starting another, so two Prometheus servers (or
 * an impatient curl loop) cost one collection, not several.
 */
final class MetricsEndpoint implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

  private final PrometheusScrapeHandler scrapeHandler;
  private final SelfMetrics selfMetrics;
  private final Map<String, Future<RenderedResponse>> inFlight = new ConcurrentHashMap<>();
  private final Offload offload;

  /**
   * Where a render runs; a test seam (a render that completes at once is a real case under load).
   */
  interface Offload {
    Future<RenderedResponse> run(Callable<RenderedResponse> render);
  }

  MetricsEndpoint(Vertx vertx, PrometheusRegistry registry, SelfMetrics selfMetrics) {
    this(registry, selfMetrics, render -> vertx.executeBlocking(render, false));
  }

  MetricsEndpoint(PrometheusRegistry registry, SelfMetrics selfMetrics, Offload offload) {
    this.scrapeHandler = new PrometheusScrapeHandler(registry);
    this.selfMetrics = selfMetrics;
    this.offload = offload;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ScrapeRequest request = ScrapeRequest.copyOf(ctx.request());
    String key = request.coalescingKey();
    Promise<RenderedResponse> mine = Promise.promise();
    Future<RenderedResponse> render = inFlight.putIfAbsent(key, mine.future());
    if (render != null) {
      selfMetrics.scrapeCoalesced();
    } else {
      render = mine.future();
      // Started outside any map operation: a render that finishes at once must be able to
      // remove itself (inside computeIfAbsent that removal threw, and the scrape was lost).
      offload
          .run(() -> render(request))
          .onComplete(
              done -> {
                inFlight.remove(key, mine.future());
                mine.handle(done);
              });
    }
    render.onComplete(
        done -> {
          HttpServerResponse response = ctx.response();
          if (done.failed()) {
            LOG.warn("rendering /metrics failed: {}", ErrorText.describe(done.cause()));
            response
                .setStatusCode(500)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("error collecting metrics\n");
            return;
          }
          RenderedResponse rendered = done.result();
          response.setStatusCode(rendered.status());
          rendered.headers().forEach(response::putHeader);
          BoundedWrite.send(response, rendered.body());
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
