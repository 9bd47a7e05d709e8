package dev.e2ee.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.HashKey;
import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

/** No label holds a key id or a comma-joined list, whatever a parser hands over: counted. */
class LabelGuardTest {
  @Test
  void aListOrAKeyIdIsRefusedAndCountedPerLabel() {
    PrometheusRegistry registry = new PrometheusRegistry();
    IdentityLabels ids = new IdentityLabels(new LabelsConfig(UserIdMode.FULL));
    ids.register(registry);
    // What the claims line gave when read with ", " as the separator (real Synapse uses ",").
    assertThat(ids.user("@alice:hs:ALICELAPTOP,signed_curve25519:AAAAHw for @bob:hs"))
        .isEqualTo(LabelGuard.REJECTED);
    assertThat(ids.device("signed_curve25519:AAAAHw")).isEqualTo(LabelGuard.REJECTED);
    assertThat(ids.device("A,B")).isEqualTo(LabelGuard.REJECTED);
    assertThat(ids.user("@alice:hs")).isEqualTo("@alice:hs");
    assertThat(ids.device("ALICELAPTOP")).isEqualTo("ALICELAPTOP");
    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.valueOrFail("synapse_e2ee_label_values_rejected_total{label=\"user\"}"))
        .isEqualTo(1);
    assertThat(scrape.valueOrFail("synapse_e2ee_label_values_rejected_total{label=\"device\"}"))
        .isEqualTo(2);
  }

  @Test
  void hashedUserIdsAreCheckedBeforeTheHashHidesThem() {
    IdentityLabels ids =
        new IdentityLabels(
            new LabelsConfig(
                UserIdMode.HASH,
                java.util.Optional.of(
                    new HashKey(dev.e2ee.exporter.testing.ProgramHarness.TEST_HASH_KEY))));
    assertThat(ids.user("@a:hs:DEV,curve25519:AAAA for @b:hs")).isEqualTo(LabelGuard.REJECTED);
    assertThat(ids.user("@a:hs")).startsWith("u");
  }
}
