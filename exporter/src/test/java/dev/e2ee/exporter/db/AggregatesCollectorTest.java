package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.e2ee.exporter.evidence.WatchedDevice;
import dev.e2ee.exporter.log.parse.RequestClassifier;
import dev.e2ee.exporter.testing.Scrape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AggregatesCollector: whole-table figures, exact on small tables and labelled estimates near the
 * truth beyond the exact row count. Against a real PostgreSQL with the Synapse schema; expected
 * values are the SQL ground truth.
 */
class AggregatesCollectorTest extends CollectorHarness {
  @Test
  void aggregatesMatchWholeTableTruth() throws Exception {
    db.rows()
        .device(A, "ZERO", NOW, false)
        .device(A, "FEW", NOW, false)
        .oneTimeKeys(A, "FEW", "F", 3, NOW)
        .device(A, "SOME", NOW, false)
        .oneTimeKeys(A, "SOME", "S", 12, NOW)
        .device(A, "MANY", NOW, false)
        .oneTimeKeys(A, "MANY", "M", 80, NOW)
        .device(A, "HIDDEN", null, true)
        .oneTimeKeys(A, "HIDDEN", "H", 80, NOW)
        .device(B, "D2", NOW, false)
        .fallbackKey(B, "D2", "FB", true);
    for (int i = 0; i < 4; i++) {
      db.rows()
          .inboxMessage(
              B, "D2", 10 + i, A, i == 0 ? "io.element.call.encryption_keys" : "m.room.encrypted");
    }
    for (int i = 0; i < 3; i++) {
      db.rows().inboxMessage(B, "OLDTAB", 20 + i, A, "m.room.encrypted");
    }
    AggregatesCollector aggregates = new AggregatesCollector(ids, 100, 1_000_000);
    Scrape s = run(aggregates, watching(new WatchedDevice(B, "D2", NOW, true, null)));
    assertThat(s.valueOrFail("synapse_e2ee_devices_by_otk_stock{stock=\"0\"}"))
        .isEqualTo(2); // ZERO and D2
    assertThat(s.valueOrFail("synapse_e2ee_devices_by_otk_stock{stock=\"1-9\"}")).isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_devices_by_otk_stock{stock=\"10-49\"}")).isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_devices_by_otk_stock{stock=\"50+\"}")).isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_devices_fallback_key_used"))
        .isEqualTo((double) db.queryLong("SELECT count(*) FROM e2e_fallback_keys_json WHERE used"));
    assertThat(s.valueOrFail("synapse_e2ee_device_inbox_rows"))
        .isEqualTo((double) db.queryLong("SELECT count(*) FROM device_inbox"))
        .isEqualTo(7);
    assertThat(s.valueOrFail("synapse_e2ee_device_inbox_stale_rows")).isEqualTo(3);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_aggregate_exact{metric=\"synapse_e2ee_device_inbox_stale_rows\"}"))
        .as("small tables are read whole")
        .isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_to_device_stale_pending{" + dev(B, "OLDTAB") + "}"))
        .isEqualTo(3);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_to_device_pending_by_type{event_type=\"m.room.encrypted\"}"))
        .isEqualTo(3);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_to_device_pending_by_type{event_type=\"io.element.call.encryption_keys\"}"))
        .isEqualTo(1);
  }

  @Test
  void beyondTheExactRowCountWholeTableFiguresAreLabelledEstimatesNearTheTruth() throws Exception {
    // 3,000 devices: half with 10 keys (10-49), half with 60 (50+): 105,000 key rows.
    db.execute(
        "INSERT INTO devices (user_id, device_id, display_name, last_seen, hidden)"
            + " SELECT '@u' || n || ':example.org', 'D' || n, 'd', "
            + NOW
            + ", false FROM generate_series(1, 3000) n");
    db.execute(
        "INSERT INTO e2e_one_time_keys_json (user_id, device_id, algorithm, key_id, ts_added_ms, key_json)"
            + " SELECT '@u' || n || ':example.org', 'D' || n, 'signed_curve25519', 'K' || k, "
            + NOW
            + ", '{}' FROM generate_series(1, 3000) n,"
            + " generate_series(1, CASE WHEN n % 2 = 0 THEN 10 ELSE 60 END) k");
    // 60,000 inbox rows, every third for a device id that does not exist.
    db.execute(
        "INSERT INTO device_inbox (user_id, device_id, stream_id, message_json, instance_name)"
            + " SELECT '@u' || (n % 3000 + 1) || ':example.org',"
            + " CASE WHEN n % 3 = 0 THEN 'GONE' || n ELSE 'D' || (n % 3000 + 1) END, n,"
            + " '{\"type\":\"m.room.encrypted\"}', 'master' FROM generate_series(1, 60000) n");
    db.rows().fallbackKey(A, "F1", "FB", true);
    db.execute("ANALYZE");
    Scrape s = run(new AggregatesCollector(ids, 100, 20_000), watching());
    assertThat(exact(s, "synapse_e2ee_devices_by_otk_stock")).isZero();
    assertThat(ratio(s, "synapse_e2ee_devices_by_otk_stock"))
        .isCloseTo(20_000 / 105_000.0, within(0.01));
    assertThat(s.valueOrFail("synapse_e2ee_devices_by_otk_stock{stock=\"10-49\"}"))
        .isCloseTo(1500, within(300.0));
    assertThat(s.valueOrFail("synapse_e2ee_devices_by_otk_stock{stock=\"50+\"}"))
        .isCloseTo(1500, within(300.0));
    assertThat(s.valueOrFail("synapse_e2ee_devices_by_otk_stock{stock=\"0\"}")).isZero();
    assertThat(exact(s, "synapse_e2ee_device_inbox_rows")).isZero();
    assertThat(ratio(s, "synapse_e2ee_device_inbox_rows")).as("planner statistics").isZero();
    assertThat(s.valueOrFail("synapse_e2ee_device_inbox_rows")).isCloseTo(60_000, within(3_000.0));
    assertThat(exact(s, "synapse_e2ee_device_inbox_stale_rows")).isZero();
    assertThat(ratio(s, "synapse_e2ee_device_inbox_stale_rows")).isCloseTo(1 / 3.0, within(0.01));
    assertThat(s.valueOrFail("synapse_e2ee_device_inbox_stale_rows"))
        .isCloseTo(20_000, within(3_000.0));
    assertThat(exact(s, "synapse_e2ee_devices_fallback_key_used")).as("a small table").isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_devices_fallback_key_used")).isEqualTo(1);
  }

  private static double exact(Scrape s, String metric) {
    return s.valueOrFail("synapse_e2ee_aggregate_exact{metric=\"" + metric + "\"}");
  }

  private static double ratio(Scrape s, String metric) {
    return s.valueOrFail("synapse_e2ee_aggregate_sampled_ratio{metric=\"" + metric + "\"}");
  }

  @Test
  void pendingByTypeNamesEachTypeAsTheAccessLogSideDoes() throws Exception {
    db.rows().device(B, "D2", NOW, false);
    List<String> types =
        List.of(
            "m.room_key_request",
            "m.secret.request",
            "m.key.verification.request",
            "io.element.call.encryption_keys",
            "com.example.invented");
    long stream = 10;
    for (String type : types) {
      db.rows().inboxMessage(B, "D2", stream++, A, type);
    }
    Scrape s =
        run(
            new AggregatesCollector(ids, 100, 1_000_000),
            watching(new WatchedDevice(B, "D2", NOW, true, null)));
    RequestClassifier logSide = new RequestClassifier();
    for (String type : types) {
      logSide.classify("PUT", "/_matrix/client/v3/sendToDevice/" + type + "/txn1");
      assertThat(
              s.valueOrFail(
                  "synapse_e2ee_to_device_pending_by_type{event_type=\""
                      + logSide.toDeviceType()
                      + "\"}"))
          .as("%s as the log side labels it", type)
          .isEqualTo(1);
    }
    assertThat(logSide.toDeviceType()).isEqualTo("other");
    // Every known type is a series from the first round, at 0 when nothing of it waits.
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_to_device_pending_by_type{event_type=\"m.forwarded_room_key\"}"))
        .isZero();
  }
}
