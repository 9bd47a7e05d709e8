package dev.e2ee.exporter.http;

import dev.e2ee.exporter.capture.AlertCapture;
import dev.e2ee.exporter.config.ListenConfig;
import dev.e2ee.exporter.diagnosis.DeviceDiagnosis;
import dev.e2ee.exporter.diagnosis.Findings;
import dev.e2ee.exporter.metrics.SelfMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The exporter's HTTP listener: limits, basic auth, TLS, and the routes of {@link Routes}. */
public final class HttpApi {
  /** What the routes serve: status and console, verdicts and findings, the alert capture. */
  public record Sources(
      StatusModel status,
      Supplier<List<DeviceDiagnosis>> verdicts,
      Supplier<Findings> findings,
      AlertCapture capture) {}

  private final Vertx vertx;
  private final ListenConfig listen;
  private final Router router;
  private final ConnectionGuard guard;
  private final @Nullable BasicAuthHandler auth;
  private @Nullable HttpServer server;
  private volatile boolean served;

  /** The listener with every route mounted at once (tests that serve the router themselves). */
  public HttpApi(
      Vertx vertx,
      ListenConfig listen,
      PrometheusRegistry registry,
      SelfMetrics selfMetrics,
      Sources sources,
      Clock clock) {
    this(vertx, listen, registry);
    serve(registry, selfMetrics, sources, clock);
  }

  /**
   * The listener's limits, basic auth and {@code /-/healthy}; every other path answers 503 until
   * {@link #serve} mounts the routes. So the listener can be bound before the sources are wired:
   * {@code /-/healthy} means the process serves HTTP, {@code /-/ready} stays 503 until then.
   */
  public HttpApi(Vertx vertx, ListenConfig listen, PrometheusRegistry registry) {
    this.vertx = vertx;
    this.listen = listen;
    this.router = Router.router(vertx);
    this.guard = new ConnectionGuard(vertx, listen.limits(), registry);
    router.route().handler(guard::rearmAfterResponse);
    this.auth = listen.basicAuth().map(a -> new BasicAuthHandler(a, registry)).orElse(null);
    if (auth != null) {
      router.route().handler(auth);
    }
    Routes.mountHealthy(router);
    router.route().handler(this::untilServed);
  }

  /** Mounts the routes of {@link Routes}: from now on every path answers. */
  public void serve(
      PrometheusRegistry registry, SelfMetrics selfMetrics, Sources sources, Clock clock) {
    Routes.mount(
        router,
        vertx,
        listen,
        registry,
        new MetricsEndpoint(vertx, registry, selfMetrics),
        sources,
        clock);
    served = true;
  }

  // Routes added while the listener runs are only reached once all of them are in place.
  private void untilServed(RoutingContext ctx) {
    if (served) {
      ctx.next();
      return;
    }
    ctx.response()
        .setStatusCode(503)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("Retry-After", "1")
        .end(Routes.NOT_READY);
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

  /**
   * Asks the bound listener for {@code /-/healthy} once and waits for the answer: the event loop
   * loads the request path's classes (Netty's codec, Vert.x's request, the router) while nothing
   * else competes for the class loader, so the first client is answered at once. Skipped with TLS;
   * a failure only means that the first client's request loads them instead.
   */
  public void answerOnce(int port) {
    if (listen.tls().isPresent()) {
      return;
    }
    String host = listen.hostForLocalClients().replace("[", "").replace("]", "");
    try {
      LoopbackGet.statusLine(host, port, "/-/healthy", Duration.ofSeconds(2));
    } catch (IOException e) {
      // not answered within 2 s: the wiring goes on, the listener still serves
    }
  }

  public Future<Void> stop() {
    if (auth != null) {
      auth.close();
    }
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The routes alone, for a test that serves them on a server of its own. */
  public Router router() {
    return router;
  }
}
