package dev.e2ee.exporter.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.e2ee.exporter.config.HealthProbeConfig;
import dev.e2ee.exporter.source.SourceStatus;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probe against a real HTTP server on loopback. A homeserver whose reactor is blocked accepts
 * the connection (the kernel does) and never answers: that is the stall a SIGSTOP of Synapse
 * showed, and it must come out as a timeout, not as a fast homeserver.
 */
class HealthProbeTest {
  Vertx vertx;
  HttpServer server;
  PrometheusRegistry registry = new PrometheusRegistry();
  final CountDownLatch unfreeze = new CountDownLatch(1);
  volatile int status = 200;
  volatile boolean frozen;

  /** The test server's handler thread, shut down after each test (it would keep the JVM alive). */
  final ExecutorService handlers = Executors.newSingleThreadExecutor();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/health",
        exchange -> {
          if (frozen) {
            try {
              unfreeze.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] body = "OK".getBytes(StandardCharsets.US_ASCII);
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.setExecutor(handlers);
    server.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    unfreeze.countDown();
    server.stop(0);
    handlers.shutdownNow();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /**
   * A probe whose timeout no answering server misses, however busy the machine: whether a probe
   * timed out must depend on the server under test, not on the speed of the machine running it.
   */
  HealthProbe probe(URI url) {
    return probe(url, Duration.ofSeconds(10));
  }

  HealthProbe probe(URI url, Duration timeout) {
    return HealthProbe.start(
        vertx,
        new HealthProbeConfig(Optional.of(url), timeout.plusSeconds(1), timeout),
        registry,
        Clock.systemUTC());
  }

  URI health() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
  }

  double failures(String reason) {
    return Scrape.of(registry)
        .valueOrFail("synapse_e2ee_synapse_health_probe_failures_total{reason=\"" + reason + "\"}");
  }

  double probes() {
    return Scrape.of(registry)
        .valueOrFail("synapse_e2ee_synapse_health_probe_duration_seconds_count");
  }

  @Test
  void anAnsweringHomeserverIsUpAndItsLatencyIsObserved() throws Exception {
    HealthProbe probe = probe(health());
    Await.until(() -> probes() >= 1, Duration.ofSeconds(10));
    assertThat(probe.status().state()).isEqualTo(SourceStatus.State.UP);
    assertThat(failures(HealthProbe.TIMEOUT)).isZero();
    assertThat(failures(HealthProbe.STATUS)).isZero();
    HealthProbe.Reading reading = probe.latest().orElseThrow();
    assertThat(reading.latencySeconds()).isFinite().isGreaterThanOrEqualTo(0);
    assertThat(reading.failuresInWindow()).isZero();
    assertThat(reading.target()).endsWith("/health");
    probe.close();
  }

  @Test
  void aFrozenHomeserverTimesOutAndCountsItsTimeout() throws Exception {
    frozen = true; // answers after 10 s: a 300 ms probe times out on any machine
    HealthProbe probe = probe(health(), Duration.ofMillis(300));
    Await.until(() -> failures(HealthProbe.TIMEOUT) >= 1, Duration.ofSeconds(10));
    assertThat(probe.status().state()).isEqualTo(SourceStatus.State.DOWN);
    assertThat(probe.status().detail()).isEqualTo("no answer within 300 ms");
    assertThat(probes()).as("no answer: no latency to observe, a failure instead").isZero();
    HealthProbe.Reading reading = probe.latest().orElseThrow();
    assertThat(reading.latencySeconds()).isNaN();
    assertThat(reading.failuresInWindow()).isGreaterThanOrEqualTo(1);
    probe.close();
  }

  @Test
  void anErrorStatusAndARefusedConnectionAreFailuresByReason() throws Exception {
    status = 503;
    HealthProbe answering = probe(health());
    Await.until(() -> failures(HealthProbe.STATUS) >= 1, Duration.ofSeconds(10));
    assertThat(answering.status().detail()).isEqualTo("answered 503");
    answering.close();
    registry = new PrometheusRegistry();
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    HealthProbe refused = probe(URI.create("http://127.0.0.1:" + closed + "/health"));
    Await.until(() -> failures(HealthProbe.CONNECT) >= 1, Duration.ofSeconds(10));
    assertThat(refused.status().state()).isEqualTo(SourceStatus.State.DOWN);
    refused.close();
  }
}
