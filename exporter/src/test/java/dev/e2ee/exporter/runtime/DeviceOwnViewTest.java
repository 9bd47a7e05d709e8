package dev.e2ee.exporter.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.capture.AlertPayload;
import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.diagnosis.DeviceDiagnosis;
import dev.e2ee.exporter.diagnosis.Verdict;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceOwnViewTest {
  private static final String ALICE = "@alice:example.org";
  private static final String ALICE_TOO = "@alice:example.org.evil";
  private static final String BOB = "@bob:example.org";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final List<DeviceDiagnosis> verdicts =
      List.of(
          new DeviceDiagnosis(ALICE, "ALICEPHONE", Verdict.EXHAUSTION, "0 keys left", 1_000),
          new DeviceDiagnosis(ALICE, "ALICELAPTOP", Verdict.HEALTHY, "50 keys", 2_000),
          new DeviceDiagnosis(BOB, "BOBPHONE", Verdict.DIVERGENCE, "bob's evidence", 3_000),
          new DeviceDiagnosis(ALICE_TOO, "ALICEPHONE", Verdict.HEALTHY, "lookalike", 4_000));
  private final DeviceOwnView view =
      new DeviceOwnView(
          () -> verdicts, registry, new IdentityLabels(new LabelsConfig(UserIdMode.FULL)));

  DeviceOwnViewTest() {
    Gauge keys =
        Gauge.builder()
            .name("synapse_e2ee_otk_count")
            .help("keys")
            .labelNames("user", "device")
            .register(registry);
    keys.labelValues(ALICE, "ALICEPHONE").set(0);
    keys.labelValues(BOB, "BOBPHONE").set(7);
    keys.labelValues(ALICE_TOO, "ALICEPHONE").set(9);
    Counter.builder().name("synapse_e2ee_lines").help("lines").register(registry).inc(42);
  }

  /** Nothing about one user may reach another's bundle: neither a verdict nor a series. */
  @Test
  void bundleHoldsOnlyTheDevicesOwnVerdictsAndItsUsersSeries() {
    Map<String, String> files = view.of(new DeviceRef(ALICE, "ALICEPHONE"));

    JsonObject json = new JsonObject(files.get("verdicts.json"));
    assertThat(json.getJsonArray("verdicts")).hasSize(1);
    JsonObject mine = json.getJsonArray("verdicts").getJsonObject(0);
    assertThat(mine.getString("verdict")).isEqualTo(Verdict.EXHAUSTION.label());
    assertThat(mine.getString("evidence")).isEqualTo("0 keys left");
    assertThat(mine.getString("since")).isEqualTo(Instant.ofEpochMilli(1_000).toString());

    String metrics = files.get("metrics.txt");
    assertThat(metrics)
        .contains("synapse_e2ee_otk_count{device=\"ALICEPHONE\",user=\"" + ALICE + "\"} 0")
        .contains("synapse_e2ee_lines_total 42")
        .doesNotContain(BOB)
        .doesNotContain(ALICE_TOO)
        .doesNotContain("BOBPHONE");
    assertThat(String.join("", files.values())).doesNotContain(BOB).doesNotContain("lookalike");
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "@alice:example.org, ALICEPHONE, ALICEPHONE",
    "@alice:example.org, ALICELAPTOP, ALICELAPTOP",
    "@alice:example.org, BOBPHONE, ",
    "@bob:example.org, ALICEPHONE, ",
    "@carol:example.org, CAROLPHONE, ",
  })
  void alertResolvesToTheDiagnosedDeviceItsLabelsName(String user, String device, String expected) {
    AlertPayload.Firing alert =
        new AlertPayload.Firing("E2EEOtkExhaustion", user, device, Instant.EPOCH);
    assertThat(view.resolve(alert))
        .isEqualTo(
            expected == null ? Optional.empty() : Optional.of(new DeviceRef(user, expected)));
  }
}
