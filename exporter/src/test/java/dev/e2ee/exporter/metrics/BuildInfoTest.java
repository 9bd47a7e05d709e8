package dev.e2ee.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

/** The build's version and revision, as the build wrote them into this module's classes. */
class BuildInfoTest {
  @Test
  void theBuiltVersionIsReadNotItsPlaceholder() {
    BuildInfo build = BuildInfo.current();
    assertThat(build.version()).matches("\\d+\\.\\d+\\.\\d+\\S*");
    // A build outside git has no revision: "unknown", never an empty or "${...}" label.
    assertThat(build.revision()).matches("[0-9a-f]{7,40}|unknown");
  }

  @Test
  void theSeriesCarriesEachValueInItsOwnLabel() {
    PrometheusRegistry registry = new PrometheusRegistry();
    BuildInfo build = new BuildInfo("0.9.0", "67cb88f");
    build.register(registry);
    assertThat(
            Scrape.of(registry)
                .valueOrFail(
                    "synapse_e2ee_build_info{java_version=\""
                        + System.getProperty("java.version")
                        + "\",revision=\"67cb88f\",version=\"0.9.0\"}"))
        .isEqualTo(1);
  }
}
