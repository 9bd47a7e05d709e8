package dev.e2ee.exporter.http;

import dev.e2ee.exporter.capture.AlertCapture;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.metrics.SelfMetrics;
import dev.e2ee.exporter.page.RunbookPage;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** The exporter's HTTP surface: metrics, landing page, health and status. */
public final class HttpApi {
  private final Vertx vertx;
  private final ExporterConfig.Listen listen;
  private final Router router;
  private final ConnectionGuard guard;
  private final @Nullable BasicAuthHandler auth;
  private final PrometheusRegistry registry;
  private @Nullable HttpServer server;

  public HttpApi(
      Vertx vertx,
      ExporterConfig.Listen listen,
      PrometheusRegistry registry,
      SelfMetrics selfMetrics,
      StatusModel status,
      Clock clock) {
    this.vertx = vertx;
    this.listen = listen;
    this.router = Router.router(vertx);
    this.registry = registry;
    this.guard = new ConnectionGuard(vertx, listen.limits(), registry);
    router.route().handler(guard::rearmAfterResponse);
    this.auth = listen.basicAuth().map(a -> new BasicAuthHandler(a, registry)).orElse(null);
    if (auth != null) {
      router.route().handler(auth);
    }
    MetricsEndpoint metrics = new MetricsEndpoint(vertx, registry, selfMetrics);
    router.route(HttpMethod.GET, "/metrics").handler(metrics);
    router.route(HttpMethod.HEAD, "/metrics").handler(metrics);
    router
        .get("/")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(LandingPage.render(status)));
    router
        .get("/runbook")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(RunbookPage.html()));
    router
        .get("/api/v1/console")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(ConsoleJson.render(status.console().get()).encodePrettily()));
    router
        .get("/-/healthy")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("Healthy\n"));
    router
        .get("/-/ready")
        .handler(
            ctx -> {
              boolean ready = status.ready();
              ctx.response()
                  .setStatusCode(ready ? 200 : 503)
                  .putHeader("Content-Type", "text/plain; charset=utf-8")
                  .end(ready ? "Ready\n" : "Not ready: sources are still starting\n");
            });
    router
        .get("/api/v1/status")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(StatusJson.render(status, clock.instant()).encodePrettily()));
  }

  /** Binds the listener; fails (e.g. address in use) with the address in the message. */
  public Future<Integer> start() {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(listen.address())
            .setPort(listen.port())
            .setIdleTimeout((int) listen.limits().idleTimeout().toSeconds())
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            // No h2c: to tell an HTTP/2 preface from HTTP/1, Vert.x waits for the first 24 bytes
            // before a connection exists at all - a client sending fewer would hold it unwatched.
            .setHttp2ClearTextEnabled(false)
            // A request head larger than this is refused before it is buffered further.
            .setMaxInitialLineLength(8192)
            .setMaxHeaderSize(16384);
    listen
        .tls()
        .ifPresent(
            tls ->
                options
                    .setSsl(true)
                    .setKeyCertOptions(
                        new PemKeyCertOptions()
                            .setCertPath(tls.certFile().toString())
                            .setKeyPath(tls.keyFile().toString())));
    server =
        vertx
            .createHttpServer(options)
            .connectionHandler(guard::connected)
            .requestHandler(
                request -> {
                  guard.requestArrived(request);
                  router.handle(request);
                });
    return server
        .listen()
        .map(HttpServer::actualPort)
        .recover(
            e ->
                Future.failedFuture(
                    new IllegalStateException(
                        "cannot listen on "
                            + listen.address()
                            + ":"
                            + listen.port()
                            + ": "
                            + e.getMessage(),
                        e)));
  }

  public Future<Void> stop() {
    if (auth != null) {
      auth.close();
    }
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Serves Alertmanager's webhook and the bundles it leads to (see AlertWebhook). */
  public void alertCapture(AlertCapture capture) {
    AlertWebhook.register(router, vertx, listen, capture, registry);
  }

  /** Lets later features (JSON API, capture) add routes before {@link #start()}. */
  public Router router() {
    return router;
  }
}
