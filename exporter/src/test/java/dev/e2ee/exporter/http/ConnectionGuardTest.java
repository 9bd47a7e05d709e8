package dev.e2ee.exporter.http;

import static dev.e2ee.exporter.http.ListenerAbuseTest.assertClosedWithin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.LimitsConfig;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The guard wired into a real loopback listener as the exporter wires it, spoken to over raw
 * sockets: a deadline for each request head (the next one too, on a kept-alive connection), none
 * while a response is being made, and a cap on open connections.
 */
class ConnectionGuardTest {
  private static final long HEAD_MILLIS = 300;
  private static final String HEAD = "GET /%s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

  private final Vertx vertx = Vertx.vertx();
  private final PrometheusRegistry registry = new PrometheusRegistry();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private int listen(int maxConnections) throws Exception {
    ConnectionGuard guard =
        new ConnectionGuard(
            vertx,
            new LimitsConfig(
                Duration.ofMillis(HEAD_MILLIS), Duration.ofSeconds(60), maxConnections),
            registry);
    Router router = Router.router(vertx);
    router.route().handler(guard::rearmAfterResponse);
    router.get("/now").handler(ctx -> ctx.response().end("ok"));
    // Answered well after the head deadline: the deadline must not run while a response is made.
    router
        .get("/slow")
        .handler(ctx -> vertx.setTimer(4 * HEAD_MILLIS, id -> ctx.response().end("ok")));
    return vertx
        // As the exporter's listener: without h2c, a connection exists before its first byte.
        .createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
        .connectionHandler(guard::connected)
        .requestHandler(
            request -> {
              guard.requestArrived(request);
              router.handle(request);
            })
        .listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS)
        .actualPort();
  }

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(20_000);
    return s;
  }

  /** Sends one request on {@code s} and reads its whole response (a body of "ok"). */
  private static String ask(Socket s, String path) throws IOException {
    s.getOutputStream().write(HEAD.formatted(path).getBytes(StandardCharsets.US_ASCII));
    InputStream in = s.getInputStream();
    StringBuilder response = new StringBuilder();
    while (!response.toString().endsWith("\r\n\r\nok")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after: " + response);
      }
      response.append((char) b);
    }
    return response.substring(9, 12);
  }

  private double closed(String reason) {
    return Scrape.of(registry)
        .valueOrFail("synapse_e2ee_http_connections_closed_total{reason=\"" + reason + "\"}");
  }

  @Test
  void aKeptAliveConnectionHasADeadlineForItsNextHeadAgain() throws Exception {
    int port = listen(8);
    try (Socket s = connect(port)) {
      assertThat(ask(s, "now")).isEqualTo("200");
      assertThat(ask(s, "now")).as("kept alive").isEqualTo("200");
      assertClosedWithin(s, Duration.ofSeconds(10)); // and then nothing more is sent
    }
    Await.until(() -> closed("header_timeout") == 1, Duration.ofSeconds(10));
    assertThat(closed("too_many")).isZero();
  }

  @Test
  void noDeadlineRunsWhileTheResponseIsMade() throws Exception {
    int port = listen(8);
    try (Socket s = connect(port)) {
      assertThat(ask(s, "slow")).isEqualTo("200");
    }
    assertThat(closed("header_timeout")).isZero();
  }

  @Test
  void connectionsBeyondTheCapAreClosedAndCounted() throws Exception {
    int port = listen(2);
    try (Socket one = connect(port);
        Socket two = connect(port)) {
      assertThat(ask(one, "now")).isEqualTo("200");
      assertThat(ask(two, "now")).isEqualTo("200");
      try (Socket third = new Socket("127.0.0.1", port)) {
        assertClosedWithin(third, Duration.ofSeconds(10));
      }
      assertThat(ask(one, "now")).as("the ones inside are served on").isEqualTo("200");
    }
    assertThat(closed("too_many")).isEqualTo(1);
  }
}
