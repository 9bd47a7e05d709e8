package dev.e2ee.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The demo homeserver's {@code /health}, on a loopback port of its own, so that the demo's exporter
 * probes it as it would probe Synapse's (synapse.health_url) and the console's Q4 panel and the
 * probe's metrics show what they show on a real host. It answers 200 "OK", as Synapse does.
 */
final class DemoHealthEndpoint implements AutoCloseable {
  private final HttpServer server;

  private DemoHealthEndpoint(HttpServer server) {
    this.server = server;
  }

  static DemoHealthEndpoint start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/health",
        exchange -> {
          byte[] body = "OK".getBytes(StandardCharsets.US_ASCII);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return new DemoHealthEndpoint(server);
  }

  URI url() {
    return URI.create(
        "http://"
            + server.getAddress().getAddress().getHostAddress()
            + ":"
            + server.getAddress().getPort()
            + "/health");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
