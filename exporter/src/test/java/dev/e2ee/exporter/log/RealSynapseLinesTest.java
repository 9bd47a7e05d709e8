package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.Scrape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lines as a real Synapse (Debian's 1.160.0, default log config) wrote them, where our own
 * imitation of its log had the shape wrong. Each test names what the exporter got wrong before.
 */
class RealSynapseLinesTest {
  static final String FILE = "/var/log/matrix-synapse/homeserver.log";

  private static Scrape feed(String... lines) {
    ProgramHarness harness = new ProgramHarness();
    harness.feed(FILE, List.of(lines));
    return harness.settle();
  }

  /** Every label value of every sample of {@code metric}. */
  private static List<String> labelValues(Scrape scrape, String metric) {
    return scrape
        .text()
        .lines()
        .filter(l -> l.startsWith(metric + "{"))
        .flatMap(
            l -> List.of(l.substring(l.indexOf('{') + 1, l.lastIndexOf('}')).split("\",")).stream())
        .map(kv -> kv.substring(kv.indexOf('"') + 1).replace("\"", ""))
        .toList();
  }

  @Test
  void oneClaimOfSeveralUsersDevicesCountsEachDeviceOnce() {
    // Before: the first device's claim was lost and a series with
    // user="@alice:hs:ALICELAPTOP,signed_curve25519:AAAAHw_for_@bob:hs" appeared.
    Scrape scrape =
        feed(
            "2026-12-05 10:00:04,000 - synapse.handlers.e2e_keys - 819 - INFO - POST-6 -"
                + " Claimed one-time-keys: signed_curve25519:AAAAAw for @alice:hs:ALICELAPTOP,"
                + "signed_curve25519:AAAAHw for @bob:hs:BOBPHONE");
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_otk_claims_total{device=\"ALICELAPTOP\",user=\"@alice:hs\"}"))
        .isEqualTo(1);
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_otk_claims_total{device=\"BOBPHONE\",user=\"@bob:hs\"}"))
        .isEqualTo(1);
    assertThat(scrape.countSeries("synapse_e2ee_otk_claims_total")).isEqualTo(2);
    assertThat(labelValues(scrape, "synapse_e2ee_otk_claims_total"))
        .isNotEmpty()
        .noneMatch(v -> v.contains(",") || v.contains("25519:") || v.contains("_for_"));
  }
}
