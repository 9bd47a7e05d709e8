package dev.e2ee.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.fixture.DemoScenario;
import dev.e2ee.fixture.LogShape;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The demo pointed at each way Synapse's log reaches a file: the exporter, on {@code format: auto},
 * detects the shape, says so on the landing page, and counts the same storm.
 */
@NeedsPostgres
class DemoLogShapesTest {
  @ParameterizedTest
  @EnumSource(
      value = LogShape.class,
      names = {"DOCKER_JSON", "SYSLOG", "JOURNALD"})
  void theStormIsCountedInEveryShape(LogShape shape) throws Exception {
    try (DemoEnvironment env = DemoEnvironment.start(Clock.systemUTC(), shape);
        Exporter exporter =
            new Exporter(env.exporterConfig("127.0.0.1", 0), Clock.systemUTC(), Map.of())) {
      int port = exporter.start();
      String file = env.logLabel();
      String layout =
          switch (shape) {
            case DOCKER_JSON -> "docker-json/text";
            case JOURNALD -> "journald";
            default -> "syslog";
          };
      String conflicts =
          "synapse_e2ee_otk_conflicts_total{algorithm=\"signed_curve25519\",device=\""
              + DemoScenario.STORM_DEVICE
              + "\",user=\""
              + DemoScenario.ALICE
              + "\"}";
      Scrape[] scrape = new Scrape[1];
      Await.until(
          () -> {
            scrape[0] = new Scrape(Http.get(port, "/metrics").body());
            return scrape[0].value(conflicts).orElse(0.0) > 200
                && scrape[0]
                    .value(
                        "synapse_e2ee_log_layout_info{file=\""
                            + file
                            + "\",layout=\""
                            + layout
                            + "\"}")
                    .isPresent();
          },
          Duration.ofSeconds(30));
      assertThat(
              scrape[0].valueOrFail(
                  "synapse_e2ee_log_lines_skipped_total{file=\""
                      + file
                      + "\",reason=\"unrecognised_layout\"}"))
          .isZero();
      assertThat(Http.get(port, "/").body()).contains("layout " + layout);
    }
  }
}
