package dev.e2ee.exporter.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.HealthProbeConfig;
import dev.e2ee.exporter.probe.HealthProbe;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.Loopback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The /health probe's latest answer, as the console's Q4 panel reads it, or none. */
class ProbeReadingsTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void withoutAProbeThePanelHasNone() {
    assertThat(ProbeReadings.of(null)).isSameAs(dev.e2ee.exporter.console.HealthProbe.NONE);
    assertThat(ProbeReadings.of(null).latest()).isEmpty();
  }

  @Test
  void aProbesLatestAnswerIsThePanelsReading() throws Exception {
    int port = Loopback.listen(vertx, request -> request.response().end("OK"));
    URI url = URI.create("http://127.0.0.1:" + port + "/health");
    HealthProbe probe =
        Objects.requireNonNull(
            HealthProbe.start(
                vertx,
                new HealthProbeConfig(
                    Optional.of(url), Duration.ofSeconds(11), Duration.ofSeconds(10)),
                new PrometheusRegistry(),
                Clock.systemUTC()));
    try {
      dev.e2ee.exporter.console.HealthProbe panel = ProbeReadings.of(probe);
      Await.until(() -> probe.latest().isPresent(), Duration.ofSeconds(20));

      HealthProbe.Reading probed = probe.latest().orElseThrow();
      assertThat(panel.latest())
          .contains(
              new dev.e2ee.exporter.console.HealthProbe.Reading(
                  url.toString(),
                  probed.latencySeconds(),
                  probed.failuresInWindow(),
                  probed.atMillis()));
    } finally {
      probe.close();
    }
  }
}
