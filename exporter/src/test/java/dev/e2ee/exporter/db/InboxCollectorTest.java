package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.evidence.WatchedDevice;
import dev.e2ee.exporter.testing.Scrape;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * InboxCollector: the to-device backlog per watched device, and how long it has not drained.
 * Against a real PostgreSQL with the Synapse schema; expected values are the SQL ground truth.
 */
class InboxCollectorTest extends CollectorHarness {
  @Test
  void inboxBacklogAndWhetherItDrains() throws Exception {
    db.rows().device(A, "D1", NOW, false).device(B, "D2", NOW, false);
    for (int i = 0; i < 5; i++) {
      db.rows().inboxMessage(A, "D1", 100 + i, B, "m.room.encrypted");
    }
    db.rows().inboxMessage(B, "D2", 200, A, "m.room.encrypted");
    InboxCollector inbox = new InboxCollector(ids);
    WatchedDevice d1 = new WatchedDevice(A, "D1", NOW, true, null);
    WatchedDevice d2 = new WatchedDevice(B, "D2", NOW, true, null);
    WatchedDevice d3 = new WatchedDevice(B, "D3", NOW, true, null);
    Scrape first = run(inbox, new PollContext(List.of(d1, d2, d3), NOW, false));
    assertThat(first.valueOrFail("synapse_e2ee_to_device_pending{" + dev(A, "D1") + "}"))
        .isEqualTo(
            (double)
                db.queryLong(
                    "SELECT count(*) FROM device_inbox WHERE user_id='"
                        + A
                        + "' AND device_id='D1'"))
        .isEqualTo(5);
    assertThat(first.valueOrFail("synapse_e2ee_to_device_pending{" + dev(B, "D3") + "}")).isZero();
    // A minute later: D2 synced (its row is gone, a new one arrived); D1 did not.
    db.execute("DELETE FROM device_inbox WHERE user_id='" + B + "' AND stream_id = 200");
    db.rows().inboxMessage(B, "D2", 300, A, "m.room.encrypted");
    inbox
        .poll(pool, metrics, new PollContext(List.of(d1, d2, d3), NOW + 60_000, false))
        .await(10, TimeUnit.SECONDS);
    Scrape later = Scrape.of(registry);
    assertThat(later.valueOrFail("synapse_e2ee_to_device_stalled_seconds{" + dev(A, "D1") + "}"))
        .isEqualTo(60);
    assertThat(later.valueOrFail("synapse_e2ee_to_device_stalled_seconds{" + dev(B, "D2") + "}"))
        .isZero();
    assertThat(later.valueOrFail("synapse_e2ee_to_device_stalled_seconds{" + dev(B, "D3") + "}"))
        .isZero();
  }
}
