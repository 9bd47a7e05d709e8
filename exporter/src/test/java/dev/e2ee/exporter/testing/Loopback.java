package dev.e2ee.exporter.testing;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;

/** A Vert.x listener on 127.0.0.1 and an ephemeral port, for tests of one handler or router. */
public final class Loopback {
  private Loopback() {}

  /** Starts {@code handler} (a request handler or a Router) and returns the port it got. */
  public static int listen(Vertx vertx, Handler<HttpServerRequest> handler) {
    HttpServer server = vertx.createHttpServer().requestHandler(handler);
    try {
      return server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    } catch (Exception e) {
      throw new IllegalStateException("no loopback listener: " + e, e);
    }
  }
}
