package dev.e2ee.exporter.http;

import dev.e2ee.exporter.config.ListenConfig;
import dev.e2ee.exporter.page.RunbookPage;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The one table of the exporter's HTTP routes: every path it serves is mounted here, so a new page
 * or API is one line in {@link #mount}. Connection limits and basic auth come first, for all.
 */
final class Routes {
  static final String ALERTS = "/api/v1/alerts";
  static final String CAPTURES = "/captures/:file";
  static final String NOT_READY = "Not ready: sources are still starting\n";

  private Routes() {}

  static void mount(
      Router router,
      Vertx vertx,
      ListenConfig listen,
      PrometheusRegistry registry,
      MetricsEndpoint metrics,
      HttpApi.Sources sources,
      Clock clock) {
    StatusModel status = sources.status();
    router.route(HttpMethod.GET, "/metrics").handler(metrics);
    router.route(HttpMethod.HEAD, "/metrics").handler(metrics);
    router.get("/").handler(html(() -> LandingPage.render(status)));
    router.get("/runbook").handler(html(RunbookPage::html));
    router.get("/-/ready").handler(ready(status));
    router.get("/api/v1/status").handler(json(() -> StatusJson.render(status, clock.instant())));
    router.get("/api/v1/console").handler(json(() -> ConsoleJson.render(status.console().get())));
    router.get("/api/v1/devices").handler(FindingsApi.devices(sources.verdicts()));
    router.get("/api/v1/findings").handler(FindingsApi.findings(sources.findings()));
    // POST ALERTS, with its own refusal of open listeners and its body limit, and GET CAPTURES.
    AlertWebhook.register(router, vertx, listen, sources.capture(), registry);
  }

  /**
   * Mounted first, before the sources are wired (see {@link HttpApi}): 200 while the process serves
   * HTTP.
   */
  static void mountHealthy(Router router) {
    router.get("/-/healthy").handler(text(() -> "Healthy\n"));
  }

  /** 503 until every source has started, so an orchestrator waits for the first figures. */
  private static Handler<RoutingContext> ready(StatusModel status) {
    return ctx -> {
      boolean ready = status.ready();
      ctx.response()
          .setStatusCode(ready ? 200 : 503)
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .end(ready ? "Ready\n" : NOT_READY);
    };
  }

  private static Handler<RoutingContext> html(Supplier<String> page) {
    return ctx ->
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page.get());
  }

  private static Handler<RoutingContext> text(Supplier<String> body) {
    return ctx ->
        ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(body.get());
  }

  private static Handler<RoutingContext> json(Supplier<JsonObject> body) {
    return ctx ->
        ctx.response()
            .putHeader("Content-Type", "application/json")
            .end(body.get().encodePrettily());
  }
}
