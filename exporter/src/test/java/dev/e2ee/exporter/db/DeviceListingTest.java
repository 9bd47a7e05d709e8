package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.DevicesConfig;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.evidence.WatchedDevice;
import dev.e2ee.exporter.testing.Scrape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a round knows before its collectors run, on a real Synapse database: the watched devices
 * (the log's, the pending targets', the recent ones), the device gauges, and whether the
 * whole-table aggregates are due.
 */
class DeviceListingTest extends CollectorHarness {
  private static final Duration AGGREGATES = Duration.ofMinutes(5);
  private final PollerMetrics pollerMetrics = new PollerMetrics(registry, true);
  private final List<DeviceRef> namedByLog = new ArrayList<>();
  private DeviceListing listing;

  @BeforeEach
  void devices() throws Exception {
    db.rows()
        .device(A, "PHONE", NOW - 60_000, false)
        .device(A, "LAPTOP", NOW - 120_000, false)
        .device(B, "NEVERSYNCED", null, false)
        .inboxMessage(B, "NEVERSYNCED", 1, A, "m.room.encrypted");
    listing =
        new DeviceListing(
            new DevicesConfig(7, 2, Duration.ofHours(1)),
            AGGREGATES,
            () -> namedByLog,
            new PendingTargets(1_000_000),
            pollerMetrics,
            metrics);
  }

  private PollContext next(long now) throws Exception {
    return listing.next(pool, now).await(20, TimeUnit.SECONDS);
  }

  private static List<String> ids(PollContext context) {
    return context.watched().stream().map(WatchedDevice::deviceId).toList();
  }

  @Test
  void theFirstRoundRunsTheAggregatesAndLaterOnesOnlyOnceTheIntervalIsOver() throws Exception {
    assertThat(next(NOW).aggregatesDue()).isTrue();
    assertThat(next(NOW + 1_000).aggregatesDue()).isFalse();
    assertThat(next(NOW + AGGREGATES.toMillis() - 1).aggregatesDue()).isFalse();
    assertThat(next(NOW + AGGREGATES.toMillis()).aggregatesDue()).isTrue();
    assertThat(next(NOW + AGGREGATES.toMillis() + 1).aggregatesDue()).isFalse();
  }

  @Test
  void pendingTargetsComeBeforeRecentDevicesAndTheGaugesSayHowMany() throws Exception {
    PollContext context = next(NOW);
    assertThat(context.nowMillis()).isEqualTo(NOW);
    assertThat(ids(context)).containsExactly("NEVERSYNCED", "PHONE");
    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.valueOrFail("synapse_e2ee_watched_devices")).isEqualTo(2);
    assertThat(scrape.valueOrFail("synapse_e2ee_active_devices")).isEqualTo(2);
  }

  @Test
  void devicesTheLogNamesAreWatchedFromTheNextRoundOn() throws Exception {
    next(NOW);
    namedByLog.add(new DeviceRef(A, "LAPTOP"));
    // Between aggregate rounds the pending targets are the ones found last time.
    PollContext context = next(NOW + 1_000);
    assertThat(context.aggregatesDue()).isFalse();
    assertThat(ids(context)).containsExactly("LAPTOP", "NEVERSYNCED");
  }

  @Test
  void withoutTheDeviceListTheRoundGoesOnWithNoDevices() throws Exception {
    next(NOW);
    db.execute("ALTER TABLE devices RENAME TO devices_elsewhere");
    PollContext context = next(NOW + AGGREGATES.toMillis());
    assertThat(context.watched()).isEmpty();
    assertThat(context.aggregatesDue()).isTrue();
    assertThat(metrics.errorCount("watched_devices_named", "missing_table")).isEqualTo(1);
    assertThat(Scrape.of(registry).valueOrFail("synapse_e2ee_watched_devices"))
        .as("the last known figure stays; no guessed 0")
        .isEqualTo(2);
  }
}
