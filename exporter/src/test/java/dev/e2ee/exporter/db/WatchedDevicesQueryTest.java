package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.evidence.WatchedDevice;
import dev.e2ee.exporter.testing.Scrape;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which devices get series of their own, on a real Synapse {@code devices} table: those the log
 * named, then those messages wait for, then the recently seen ones, up to the cap.
 */
class WatchedDevicesQueryTest extends CollectorHarness {
  private static final long DAY = 86_400_000L;

  @BeforeEach
  void devices() throws Exception {
    db.rows()
        .device(A, "RECENT", NOW - 60_000, false)
        .device(A, "YESTERDAY", NOW - DAY, false)
        .device(A, "LASTWEEK", NOW - 6 * DAY, false)
        .device(A, "LONGAGO", NOW - 30 * DAY, false)
        .device(A, "CROSSSIGNING", NOW, true)
        .device(B, "NEVERSYNCED", null, false);
    db.execute("UPDATE devices SET user_agent = 'Element/1.6.6' WHERE device_id = 'RECENT'");
  }

  private WatchedDevicesQuery.Result run(
      int activeDays, int maxDevices, List<DeviceRef> namedByLog, List<DeviceRef> pending)
      throws Exception {
    return WatchedDevicesQuery.run(pool, metrics, NOW, activeDays, maxDevices, namedByLog, pending)
        .await(20, TimeUnit.SECONDS);
  }

  private static List<String> ids(WatchedDevicesQuery.Result result) {
    return result.watched().stream().map(WatchedDevice::deviceId).toList();
  }

  @ParameterizedTest(name = "active_days {0}, max {1} -> {2} of {3} active")
  @CsvSource(
      value = {
        "7  | 10 | RECENT YESTERDAY LASTWEEK | 3",
        "2  | 10 | RECENT YESTERDAY          | 2",
        "7  | 2  | RECENT YESTERDAY          | 3",
        "60 | 10 | RECENT YESTERDAY LASTWEEK LONGAGO | 4",
      },
      delimiter = '|')
  void recentNonHiddenDevicesMostRecentFirstUpToTheCap(
      int activeDays, int maxDevices, String expected, long active) throws Exception {
    WatchedDevicesQuery.Result result = run(activeDays, maxDevices, List.of(), List.of());
    assertThat(ids(result)).containsExactly(expected.split(" "));
    assertThat(result.activeDevices()).as("counted beyond the cap").isEqualTo(active);
    assertThat(result.watched()).allSatisfy(d -> assertThat(d.known()).isTrue());
  }

  @Test
  void logNamedDevicesComeFirstThenPendingTargetsThenRecentOnes() throws Exception {
    WatchedDevicesQuery.Result result =
        run(
            7,
            4,
            List.of(new DeviceRef(A, "LONGAGO"), new DeviceRef(A, "GONE")),
            List.of(new DeviceRef(B, "NEVERSYNCED"), new DeviceRef(A, "LONGAGO")));
    assertThat(ids(result)).containsExactly("LONGAGO", "GONE", "NEVERSYNCED", "RECENT");
    WatchedDevice gone = result.watched().get(1);
    assertThat(gone.known()).as("named by the log, not in devices").isFalse();
    assertThat(gone.lastSeenMillis()).isNull();
    WatchedDevice neverSynced = result.watched().get(2);
    assertThat(neverSynced.known()).isTrue();
    assertThat(neverSynced.lastSeenMillis()).isNull();
    assertThat(result.watched().get(3).userAgent()).isEqualTo("Element/1.6.6");
    assertThat(result.activeDevices()).isEqualTo(3);
  }

  @Test
  void aHiddenDeviceNamedByTheLogIsNotTakenForAKnownOne() throws Exception {
    WatchedDevicesQuery.Result result =
        run(7, 10, List.of(new DeviceRef(A, "CROSSSIGNING")), List.of());
    assertThat(ids(result)).containsExactly("CROSSSIGNING", "RECENT", "YESTERDAY", "LASTWEEK");
    assertThat(result.watched().get(0).known()).isFalse();
  }

  @Test
  void namedDevicesBeyondTheCapAreLeftOutAndTheQueriesAreTimed() throws Exception {
    WatchedDevicesQuery.Result result =
        run(7, 1, List.of(new DeviceRef(A, "LASTWEEK"), new DeviceRef(A, "YESTERDAY")), List.of());
    assertThat(ids(result)).containsExactly("LASTWEEK");
    assertThat(
            Scrape.of(registry)
                .valueOrFail(
                    "synapse_e2ee_db_query_duration_seconds_count{query=\"watched_devices_named\"}"))
        .isEqualTo(1);
  }
}
