package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.DatabaseRole;
import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.DeviceClients;
import dev.e2ee.exporter.metrics.IdentityLabels;
import dev.e2ee.exporter.testing.TestConfigs;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorRegistryTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final BoundedMetrics bounded = new BoundedMetrics(registry, Clock.systemUTC());
  private final CollectorInputs inputs =
      new CollectorInputs(
          TestConfigs.noSources(),
          registry,
          bounded,
          new IdentityLabels(new LabelsConfig(UserIdMode.FULL)),
          List::of,
          () ->
              new DeviceClients(
                  500,
                  3_600_000,
                  bounded.refusalsFor(DeviceClients.METRIC, java.time.Duration.ZERO)));

  @Test
  void eachEntryIsNamedAsTheCollectorItBuildsAndNamesAreUnique() {
    for (CollectorRegistry.Entry entry : CollectorRegistry.ENTRIES) {
      assertThat(entry.factory().apply(inputs).name()).isEqualTo(entry.name());
    }
    assertThat(CollectorRegistry.ENTRIES.stream().map(CollectorRegistry.Entry::name))
        .doesNotHaveDuplicates()
        .doesNotContain("schema_version");
  }

  @Test
  void pollingRunsEveryCollectorInTheOrderTheyWereWiredByHand() {
    assertThat(CollectorRegistry.forRole(DatabaseRole.POLL).stream().map(e -> e.name()))
        .containsExactly(
            "device_keys",
            "device_inbox",
            "delayed_events",
            "otk_conflict_confirm",
            "encrypted_events",
            "aggregates",
            "device_agents");
  }

  @Test
  void confirmingRunsOnlyTheConflictLookup() {
    assertThat(CollectorRegistry.forRole(DatabaseRole.CONFIRM).stream().map(e -> e.name()))
        .containsExactly("otk_conflict_confirm");
  }

  @Test
  void onlyTheAggregatesWaitForTheAggregateInterval() {
    assertThat(
            CollectorRegistry.ENTRIES.stream()
                .filter(e -> e.scope() == CollectorRegistry.Scope.WHOLE_TABLE)
                .map(e -> e.name()))
        .containsExactly("aggregates");
  }

  @Test
  void onlyThePollingRoleListsDevices() {
    assertThat(DatabaseRole.POLL.listsDevices()).isTrue();
    assertThat(DatabaseRole.CONFIRM.listsDevices()).isFalse();
  }
}
