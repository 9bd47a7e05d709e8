package dev.e2ee.exporter.log.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.domain.ClientRelease;
import dev.e2ee.exporter.domain.KeyValues;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.evidence.ConflictState;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ConflictValuesDifferTest {

  @Test
  void differingIsOneEqualIsZeroAndUnreadableHasNoSeries() {
    GaugeSnapshot g =
        ConflictValuesDiffer.of(
            List.of(state("DIFFER", true), state("SAME", false), state("UNREADABLE", null)));

    assertThat(g.getMetadata().getName()).isEqualTo("synapse_e2ee_otk_conflict_values_differ");
    Map<String, Double> byDevice =
        g.getDataPoints().stream()
            .collect(
                Collectors.toMap(
                    p -> p.getLabels().get("device"), GaugeDataPointSnapshot::getValue));
    assertThat(byDevice).containsExactlyInAnyOrderEntriesOf(Map.of("DIFFER", 1.0, "SAME", 0.0));
    assertThat(g.getDataPoints())
        .allSatisfy(p -> assertThat(p.getLabels().get("user")).isEqualTo("@a:example.org"));
  }

  private static ConflictState state(String device, @Nullable Boolean differ) {
    OtkConflict c =
        new OtkConflict(
            1_000,
            "homeserver.log",
            "POST-1",
            "@a:example.org",
            device,
            "signed_curve25519",
            "AAAAAAAAAFA",
            differ == null ? KeyValues.UNREADABLE : differ ? KeyValues.DIFFER : KeyValues.SAME,
            null,
            null);
    return new ConflictState("@a:example.org", device, c, 1, 1, ClientRelease.UNKNOWN, 1_000);
  }
}
