package dev.e2ee.exporter.http;

import dev.e2ee.exporter.config.LimitsConfig;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one client may hold of the listener. Netty's idle timeout is reset by every byte, so a
 * client that trickles a request head a byte at a time would keep a connection for ever: each
 * connection gets a deadline for a whole request head (the first, and the next one after each
 * response on a kept-alive connection), and connections beyond the cap are closed on arrival. All
 * on the event loop; a timer per connection, nothing per byte.
 */
final class ConnectionGuard {
  private final Vertx vertx;
  private final long headerTimeoutMillis;
  private final int maxConnections;
  private final Map<HttpConnection, Long> awaitingHead = new ConcurrentHashMap<>();
  private final Set<HttpConnection> openConnections = ConcurrentHashMap.newKeySet();
  private final Counter closed;

  ConnectionGuard(Vertx vertx, LimitsConfig limits, PrometheusRegistry registry) {
    this.vertx = vertx;
    this.headerTimeoutMillis = limits.headerTimeout().toMillis();
    this.maxConnections = limits.maxConnections();
    this.closed =
        Counter.builder()
            .name("synapse_e2ee_http_connections_closed")
            .help(
                "Connections the listener closed itself, by reason: header_timeout (no whole request head in time),"
                    + " too_many (beyond listen.max_connections).")
            .labelNames("reason")
            .register(registry);
    closed.labelValues("header_timeout");
    closed.labelValues("too_many");
  }

  void connected(HttpConnection connection) {
    synchronized (openConnections) {
      if (openConnections.size() >= maxConnections) {
        closed.labelValues("too_many").inc();
        connection.close();
        return;
      }
      openConnections.add(connection);
    }
    connection.closeHandler(
        v -> {
          openConnections.remove(connection);
          cancel(connection);
        });
    awaitHead(connection);
  }

  /** A whole request head arrived: no deadline until its response is sent. */
  void requestArrived(HttpServerRequest request) {
    cancel(request.connection());
  }

  /**
   * The first route of the router: after the response, the next request head has a deadline again.
   */
  void rearmAfterResponse(RoutingContext ctx) {
    HttpConnection connection = ctx.request().connection();
    ctx.addEndHandler(v -> awaitHead(connection));
    ctx.next();
  }

  private void awaitHead(HttpConnection connection) {
    if (!openConnections.contains(connection)) {
      return; // closed already (Connection: close): no next request to wait for
    }
    long timer =
        vertx.setTimer(
            headerTimeoutMillis,
            id -> {
              if (awaitingHead.remove(connection, id)) {
                closed.labelValues("header_timeout").inc();
                connection.close();
              }
            });
    awaitingHead.put(connection, timer);
  }

  private void cancel(HttpConnection connection) {
    Long timer = awaitingHead.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
