package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.diagnosis.DecisionTree;
import dev.e2ee.exporter.diagnosis.DeviceDiagnosis;
import dev.e2ee.exporter.diagnosis.Verdict;
import dev.e2ee.exporter.evidence.Evidence;
import dev.e2ee.exporter.evidence.LogClock;
import dev.e2ee.exporter.evidence.WatchedDevice;
import dev.e2ee.exporter.testing.Scrape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DeviceKeysCollector: per watched device, key counts, fallback keys and last seen equal the
 * tables, and a device that never uploaded keys is told apart. Against a real PostgreSQL with the
 * Synapse schema; expected values are the SQL ground truth.
 */
class DeviceKeysCollectorTest extends CollectorHarness {
  @Test
  void deviceKeysMatchTheTables() throws Exception {
    db.rows()
        .device(A, "D1", NOW, false)
        .oneTimeKeys(A, "D1", "K", 7, NOW)
        .oneTimeKey(A, "D1", "curve25519", "X1", "{\"key\":\"k\"}", NOW)
        .fallbackKey(A, "D1", "F", true)
        .device(B, "D2", NOW - 1000, false)
        .fallbackKey(B, "D2", "F2", false)
        .oneTimeKeys(B, "OTHER", "Z", 30, NOW) // not watched: must not show
        .deviceKeys(A, "D1", NOW)
        .device(B, "BOT", NOW, false); // logged in, never uploaded keys (a bot, a non-E2EE login)
    DeviceKeysCollector collector = new DeviceKeysCollector(ids);
    Scrape s =
        run(
            collector,
            watching(
                new WatchedDevice(A, "D1", NOW, true, null),
                new WatchedDevice(B, "D2", NOW - 1000, true, null),
                new WatchedDevice(B, "BOT", NOW, true, null)));
    assertThat(s.valueOrFail("synapse_e2ee_device_keys_uploaded{" + dev(A, "D1") + "}"))
        .isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_device_keys_uploaded{" + dev(B, "BOT") + "}")).isZero();
    DecisionTree tree = new DecisionTree(600_000, 300_000);
    Evidence evidence =
        new Evidence(collector.snapshot(), Map.of(), Map.of(), List.of(), List.of(), LogClock.NONE);
    assertThat(tree.diagnose(evidence, NOW))
        .filteredOn(d -> d.deviceId().equals("BOT"))
        .extracting(DeviceDiagnosis::verdict)
        .containsExactly(Verdict.NO_DEVICE_KEYS);
    assertThat(tree.diagnose(evidence, NOW))
        .filteredOn(d -> d.deviceId().equals("D1"))
        .extracting(DeviceDiagnosis::verdict)
        .containsExactly(Verdict.HEALTHY);
    long truthD1 =
        db.queryLong(
            "SELECT count(*) FROM e2e_one_time_keys_json WHERE user_id='"
                + A
                + "' AND device_id='D1' AND algorithm='signed_curve25519'");
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_otk_count{algorithm=\"signed_curve25519\"," + dev(A, "D1") + "}"))
        .isEqualTo((double) truthD1)
        .isEqualTo(7);
    assertThat(
            s.valueOrFail("synapse_e2ee_otk_count{algorithm=\"curve25519\"," + dev(A, "D1") + "}"))
        .isEqualTo(1);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_otk_count{algorithm=\"signed_curve25519\"," + dev(B, "D2") + "}"))
        .isZero();
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_fallback_key_used{algorithm=\"signed_curve25519\","
                    + dev(A, "D1")
                    + "}"))
        .isEqualTo(1);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_fallback_key_used{algorithm=\"signed_curve25519\","
                    + dev(B, "D2")
                    + "}"))
        .isZero();
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_fallback_key_present{algorithm=\"signed_curve25519\","
                    + dev(B, "D2")
                    + "}"))
        .isEqualTo(1);
    assertThat(
            s.valueOrFail("synapse_e2ee_device_last_seen_timestamp_seconds{" + dev(B, "D2") + "}"))
        .isEqualTo((NOW - 1000) / 1000.0);
    assertThat(s.text()).doesNotContain("OTHER");
  }
}
