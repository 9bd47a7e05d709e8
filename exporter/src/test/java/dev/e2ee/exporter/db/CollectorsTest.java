package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.diagnosis.DecisionTree;
import dev.e2ee.exporter.diagnosis.DeviceDiagnosis;
import dev.e2ee.exporter.diagnosis.Verdict;
import dev.e2ee.exporter.domain.KeyHash;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.evidence.Evidence;
import dev.e2ee.exporter.evidence.LogClock;
import dev.e2ee.exporter.evidence.MissingAlgorithm;
import dev.e2ee.exporter.evidence.WatchedDevice;
import dev.e2ee.exporter.log.parse.RequestClassifier;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.IdentityLabels;
import dev.e2ee.exporter.testing.DatabaseClient;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.exporter.testing.TestDatabase;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each collector alone against a real PostgreSQL with the Synapse schema; expected values are the
 * SQL ground truth, queried independently through the admin connection.
 */
@NeedsPostgres
class CollectorsTest {
  static final long NOW = 1_764_064_800_000L;
  static final String A = "@alice:example.org";
  static final String B = "@bob:example.org";
  DatabaseClient client;
  Pool pool;
  TestDatabase db;
  final PrometheusRegistry registry = new PrometheusRegistry();
  final QueryMetrics metrics = new QueryMetrics(registry);
  final IdentityLabels ids =
      new IdentityLabels(new ExporterConfig.Labels(ExporterConfig.UserIdMode.FULL));

  @BeforeEach
  void setUp() {
    client = DatabaseClient.onNewDatabase();
    db = client.db;
    pool = client.pool;
  }

  @AfterEach
  void tearDown() throws Exception {
    client.close();
  }

  Scrape run(DbCollector collector, PollContext context) throws Exception {
    collector.poll(pool, metrics, context).await(20, TimeUnit.SECONDS);
    if (collector instanceof MultiCollector m && !registered.contains(m)) {
      registry.register(m);
      registered.add(m);
    }
    return Scrape.of(registry);
  }

  final List<MultiCollector> registered = new ArrayList<>();

  static PollContext watching(WatchedDevice... devices) {
    return new PollContext(List.of(devices), NOW, true);
  }

  static String dev(String user, String device) {
    return "device=\"" + device + "\",user=\"" + user + "\"";
  }

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

  @Test
  void delayedEventsPendingOverdueAndUsersBeyondTheCap() throws Exception {
    db.rows()
        .delayedEvent("dave", "DC", "syd_1", 8000, NOW - 60_000, "!r:example.org", false)
        .delayedEvent("dave", "DC", "syd_2", 8000, NOW + 5_000, "!r:example.org", false)
        .delayedEvent(
            "dave",
            "DC",
            "syd_3",
            8000,
            NOW - 90_000,
            "!r:example.org",
            true) // processed: not pending
        .delayedEvent(
            "erin",
            "EC",
            "syd_4",
            8000,
            NOW - 5_000,
            "!r:example.org",
            false) // within grace: not overdue
        .delayedEvent("fred", "FC", "syd_5", 8000, NOW - 20_000, "!r:example.org", false);
    var dropped =
        new BoundedMetrics(registry, Clock.systemUTC())
            .refusalsFor("synapse_e2ee_delayed_events_pending", Duration.ofHours(1));
    DelayedEventsCollector delayed =
        new DelayedEventsCollector(ids, "example.org", 10_000, 2, dropped);
    Scrape s = run(delayed, watching());
    assertThat(s.valueOrFail("synapse_e2ee_delayed_events_pending{user=\"@dave:example.org\"}"))
        .isEqualTo(
            (double)
                db.queryLong(
                    "SELECT count(*) FROM delayed_events WHERE user_localpart='dave' AND NOT is_processed"))
        .isEqualTo(2);
    assertThat(s.valueOrFail("synapse_e2ee_delayed_events_overdue{user=\"@dave:example.org\"}"))
        .isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_delayed_events_overdue{user=\"@fred:example.org\"}"))
        .isEqualTo(1);
    // Two users fit; the third (erin: nothing overdue, so ranked last) is summed into _overflow.
    assertThat(s.valueOrFail("synapse_e2ee_delayed_events_pending{user=\"_overflow\"}"))
        .isEqualTo(1);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_delayed_events_pending\"}"))
        .isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_delayed_events_max_overdue_seconds")).isEqualTo(60);
    // The same user refused again on the next rounds is still one refused series.
    run(delayed, watching());
    assertThat(
            Scrape.of(registry)
                .valueOrFail(
                    "synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_delayed_events_pending\"}"))
        .isEqualTo(1);
  }

  @Test
  void encryptedEventsWithoutAlgorithmAreFoundIncrementallyRedactedOnesExcluded() throws Exception {
    long ordering = 1;
    // Received a month ago, before the lookback: the scan starts after it.
    db.rows()
        .encryptedEvent("$old-bad", "!r:example.org", B, ordering++, NOW - 30L * 86_400_000, null);
    for (int i = 0; i < 30; i++) {
      db.rows()
          .encryptedEvent(
              "$ok" + i,
              "!r:example.org",
              A,
              ordering++,
              NOW - 3_600_000 + i,
              "m.megolm.v1.aes-sha2");
    }
    db.rows()
        .encryptedEvent("$bad1", "!r:example.org", B, ordering++, NOW - 1000, null)
        .encryptedEvent("$redacted", "!r:example.org", B, ordering++, NOW - 900, null)
        .redaction("$red", "$redacted", NOW - 800)
        .event(
            "$text",
            "!r:example.org",
            A,
            "m.room.message",
            ordering++,
            NOW - 700,
            "{\"body\":\"hi\"}");
    EncryptedEventsScanner scanner = new EncryptedEventsScanner(registry, 7L * 86_400_000, 10);
    Scrape s = run(scanner, watching());
    assertThat(s.valueOrFail("synapse_e2ee_encrypted_events_missing_algorithm_total")).isEqualTo(1);
    assertThat(scanner.recent()).extracting(MissingAlgorithm::eventId).containsExactly("$bad1");
    assertThat(s.valueOrFail("synapse_e2ee_encrypted_events_scan_behind")).isZero();
    // A new offending event is found on the next round, the old ones are not counted again.
    db.rows().encryptedEvent("$bad2", "!r:example.org", B, ordering++, NOW, null);
    Scrape next = run(scanner, watching());
    assertThat(next.valueOrFail("synapse_e2ee_encrypted_events_missing_algorithm_total"))
        .isEqualTo(2);
    assertThat(next.valueOrFail("synapse_e2ee_encrypted_events_scan_position"))
        .isEqualTo((double) (ordering - 1));
    long truth =
        db.queryLong(
            "SELECT count(*) FROM events e JOIN event_json j USING (event_id) WHERE e.type='m.room.encrypted'"
                + " AND e.origin_server_ts >= "
                + (NOW - 7L * 86_400_000)
                + " AND (j.json::jsonb->'content'->'algorithm') IS NULL AND NOT EXISTS (SELECT 1 FROM redactions r WHERE r.redacts=e.event_id)");
    assertThat(truth).isEqualTo(2);
  }

  @Test
  void conflictIsConfirmedAgainstTheStoredKeyOfThatDevice() throws Exception {
    db.rows()
        .device(A, "STORM", NOW, false)
        .oneTimeKey(
            A,
            "STORM",
            "signed_curve25519",
            "KEYID",
            "{\"key\":\"serverValue\",\"signatures\":{}}",
            NOW);
    List<OtkConflict> conflicts =
        List.of(
            new OtkConflict(
                NOW,
                "f",
                "POST-1",
                A,
                "STORM",
                "signed_curve25519",
                "KEYID",
                true,
                KeyHash.of("serverValue"),
                KeyHash.of("serverValue")),
            new OtkConflict(
                NOW,
                "f",
                "POST-3",
                B,
                "GONE",
                "signed_curve25519",
                "NOPE",
                true,
                null,
                KeyHash.of("x")));
    OtkConflictConfirmer confirmer = new OtkConflictConfirmer(ids, () -> conflicts, 100);
    Scrape s = run(confirmer, watching());
    assertThat(s.valueOrFail("synapse_e2ee_otk_conflict_key_stored{" + dev(A, "STORM") + "}"))
        .isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_otk_conflict_divergence{" + dev(A, "STORM") + "}"))
        .as("the stored value is the uploaded one")
        .isZero();
    assertThat(s.valueOrFail("synapse_e2ee_otk_conflict_key_stored{" + dev(B, "GONE") + "}"))
        .isZero();
    assertThat(s.valueOrFail("synapse_e2ee_otk_conflict_divergence{" + dev(B, "GONE") + "}"))
        .as("nothing stored")
        .isZero();
    assertThat(s.text()).doesNotContain("serverValue", "clientValue");
  }

  @Test
  void anotherDevicesKeyWithTheSameIdIsNotThisDevicesKey() throws Exception {
    // Key ids count per device: BOBPHONE holds the id that BOBWEB's deleted row had.
    db.rows()
        .device(B, "BOBWEB", NOW, false)
        .device(B, "BOBPHONE", NOW, false)
        .oneTimeKey(
            B,
            "BOBPHONE",
            "signed_curve25519",
            "AAAAAAAAAFA",
            "{\"key\":\"phoneValue\",\"signatures\":{}}",
            NOW);
    OtkConflictConfirmer confirmer =
        new OtkConflictConfirmer(
            ids,
            () ->
                List.of(
                    new OtkConflict(
                        NOW,
                        "f",
                        "POST-7",
                        B,
                        "BOBWEB",
                        "signed_curve25519",
                        "AAAAAAAAAFA",
                        true,
                        KeyHash.of("webOldValue"),
                        KeyHash.of("webNewValue"))),
            100);
    Scrape s = run(confirmer, watching());
    assertThat(s.valueOrFail("synapse_e2ee_otk_conflict_key_stored{" + dev(B, "BOBWEB") + "}"))
        .isZero();
    assertThat(s.valueOrFail("synapse_e2ee_otk_conflict_divergence{" + dev(B, "BOBWEB") + "}"))
        .isZero();
    assertThat(s.text()).doesNotContain("BOBPHONE");
  }

  @Test
  void aConflictWhoseDeviceTheLogDidNotNameIsNotAttributedToAnyDevice() throws Exception {
    db.rows()
        .device(A, "STORM", NOW, false)
        .oneTimeKey(
            A,
            "STORM",
            "signed_curve25519",
            "KEYID",
            "{\"key\":\"serverValue\",\"signatures\":{}}",
            NOW);
    OtkConflictConfirmer confirmer =
        new OtkConflictConfirmer(
            ids,
            () ->
                List.of(
                    new OtkConflict(
                        NOW,
                        "f",
                        "POST-2",
                        A,
                        null,
                        "signed_curve25519",
                        "KEYID",
                        true,
                        null,
                        KeyHash.of("other"))),
            100);
    Scrape s = run(confirmer, watching());
    assertThat(confirmer.confirmations()).isEmpty();
    assertThat(s.text())
        .doesNotContain(
            "synapse_e2ee_otk_conflict_key_stored{", "synapse_e2ee_otk_conflict_divergence{");
  }

  @Test
  void aConfirmationGoesWithItsConflictWhenTheStormIsNoLongerActive() throws Exception {
    db.rows()
        .oneTimeKey(
            A,
            "STORM",
            "signed_curve25519",
            "KEYID",
            "{\"key\":\"serverValue\",\"signatures\":{}}",
            NOW);
    List<OtkConflict> active =
        new ArrayList<>(
            List.of(
                new OtkConflict(
                    NOW,
                    "f",
                    "POST-1",
                    A,
                    "STORM",
                    "signed_curve25519",
                    "KEYID",
                    true,
                    KeyHash.of("serverValue"),
                    KeyHash.of("clientValue"))));
    OtkConflictConfirmer confirmer = new OtkConflictConfirmer(ids, () -> List.copyOf(active), 100);
    assertThat(
            run(confirmer, watching())
                .valueOrFail("synapse_e2ee_otk_conflict_divergence{" + dev(A, "STORM") + "}"))
        .isEqualTo(1);
    active.clear(); // quiet for the quiet period: no new round has run yet
    assertThat(confirmer.confirmations()).isEmpty();
    assertThat(Scrape.of(registry).text()).doesNotContain("synapse_e2ee_otk_conflict_divergence{");
  }

  @Test
  void divergenceWhenTheStoredValueIsNotTheUpload() throws Exception {
    db.rows()
        .oneTimeKey(
            A,
            "STORM",
            "signed_curve25519",
            "KEYID",
            "{\"key\":\"serverValue\",\"signatures\":{}}",
            NOW);
    OtkConflictConfirmer confirmer =
        new OtkConflictConfirmer(
            ids,
            () ->
                List.of(
                    new OtkConflict(
                        NOW,
                        "f",
                        "POST-1",
                        A,
                        "STORM",
                        "signed_curve25519",
                        "KEYID",
                        true,
                        KeyHash.of("serverValue"),
                        KeyHash.of("clientValue"))),
            100);
    Scrape s = run(confirmer, watching());
    assertThat(s.valueOrFail("synapse_e2ee_otk_conflict_divergence{" + dev(A, "STORM") + "}"))
        .isEqualTo(1);
  }

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
