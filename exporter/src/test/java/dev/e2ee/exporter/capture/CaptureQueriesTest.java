package dev.e2ee.exporter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.domain.KeyHash;
import dev.e2ee.exporter.testing.DatabaseClient;
import dev.e2ee.exporter.testing.NeedsPostgres;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The runbook's SQL for one user on a real Synapse schema: only that user's (and device's) rows,
 * key JSON reduced to a hash unless key material is asked for, a failing query as an error in its
 * result rather than a thrown exception, and other users scrubbed from the cells.
 */
@NeedsPostgres
class CaptureQueriesTest {
  static final String ALICE = "@alice:example.org";
  static final String BOB = "@bob:example.org";
  static final String KEY = "kY8dQ3aHz1ZcTn4vWb6xPq2rLs9uJm0eFo5gIt7yK3w";
  static final String KEY_JSON = "{\"key\":\"" + KEY + "\",\"signatures\":{}}";
  static final String EVENT = "$stored:example.org";

  static DatabaseClient client;

  @BeforeAll
  static void rows() throws Exception {
    client = DatabaseClient.onNewDatabase();
    client
        .db
        .rows()
        .device(ALICE, "PHONE", 1_700_000_000_000L, false)
        .device(ALICE, "LAPTOP", null, false)
        .device(BOB, "BOBPHONE", 1L, false)
        .oneTimeKey(ALICE, "PHONE", "signed_curve25519", "AAAAAQ", KEY_JSON, 5L)
        .oneTimeKey(ALICE, "PHONE", "signed_curve25519", "AAAAAg", "not json", 6L)
        .oneTimeKeys(ALICE, "LAPTOP", "L", 3, 7L)
        .oneTimeKeys(BOB, "BOBPHONE", "B", 4, 7L)
        .fallbackKey(ALICE, "PHONE", "FB", true)
        .inboxMessage(ALICE, "PHONE", 10, BOB, "m.room.encrypted")
        .inboxMessage(ALICE, "PHONE", 11, BOB, "m.room.encrypted")
        .inboxMessage(ALICE, "LAPTOP", 12, ALICE, "m.room_key_request")
        .inboxMessage(BOB, "BOBPHONE", 13, ALICE, "m.room.encrypted")
        .delayedEvent("alice", "PHONE", "SYDNEY", 30_000, 2_000, "!call:example.org", false)
        .delayedEvent("alice", "PHONE", "PERTH", 30_000, 1_000, "!call:example.org", true)
        .delayedEvent("bob", "BOBPHONE", "OSLO", 30_000, 500, "!call:example.org", false)
        .encryptedEvent(EVENT, "!room:example.org", BOB, 1, 1_000, "m.megolm.v1.aes-sha2");
  }

  @AfterAll
  static void close() throws Exception {
    client.close();
  }

  static Map<String, CaptureQueries.Result> run(
      @Nullable String device, @Nullable String event, boolean keyMaterial) {
    return CaptureQueries.run(client.pool, ALICE, device, event, keyMaterial).stream()
        .collect(Collectors.toMap(CaptureQueries.Result::name, r -> r));
  }

  /** One column of a result, row by row. */
  static List<Object> column(CaptureQueries.Result r, String name) {
    return CaptureQueries.asMaps(r).stream().map(m -> m.get(name)).toList();
  }

  @Test
  void everyQueryAnswersForTheUserAloneAndTheEventOnlyWhenAsked() {
    Map<String, CaptureQueries.Result> r = run(null, null, false);
    assertThat(r.keySet())
        .containsExactlyInAnyOrder(
            "devices",
            "otk_counts",
            "otk_inventory",
            "fallback_keys",
            "inbox_pending",
            "inbox_types",
            "delayed_events");
    assertThat(r.values()).allSatisfy(q -> assertThat(q.error()).as(q.name()).isNull());
    assertThat(column(r.get("devices"), "device_id")).containsExactly("LAPTOP", "PHONE");
    assertThat(CaptureQueries.asMaps(r.get("otk_counts")))
        .containsExactly(
            Map.of("device_id", "LAPTOP", "algorithm", "signed_curve25519", "unclaimed", 3L),
            Map.of("device_id", "PHONE", "algorithm", "signed_curve25519", "unclaimed", 2L));
    assertThat(CaptureQueries.asMaps(r.get("inbox_pending")))
        .containsExactly(
            Map.of(
                "device_id", "LAPTOP",
                "pending", 1L,
                "lowest_stream_id", 12L,
                "highest_stream_id", 12L),
            Map.of(
                "device_id", "PHONE",
                "pending", 2L,
                "lowest_stream_id", 10L,
                "highest_stream_id", 11L));
    assertThat(r.get("inbox_types").columns())
        .as("the type and sender of a to-device message, never its body")
        .containsExactly("device_id", "type", "sender", "messages");
    assertThat(column(r.get("inbox_types"), "messages")).containsExactly(1L, 2L);
    assertThat(column(r.get("delayed_events"), "delay_id"))
        .as("by the user's localpart, oldest send_ts first")
        .containsExactly("PERTH", "SYDNEY");
  }

  @Test
  void aDeviceNarrowsTheDeviceQueriesButNotTheDelayedEvents() {
    Map<String, CaptureQueries.Result> r = run("LAPTOP", null, false);
    for (String name :
        List.of("devices", "otk_counts", "otk_inventory", "inbox_pending", "inbox_types")) {
      assertThat(column(r.get(name), "device_id")).as(name).isNotEmpty().containsOnly("LAPTOP");
    }
    assertThat(r.get("fallback_keys").rows()).isEmpty();
    assertThat(column(r.get("otk_inventory"), "key_id"))
        .containsExactly("L00000", "L00001", "L00002");
    assertThat(r.get("delayed_events").rows()).hasSize(2);
  }

  @Test
  void keyJsonBecomesAHashOfTheKeyValueUnlessKeyMaterialIsAsked() {
    CaptureQueries.Result hashed = run("PHONE", null, false).get("otk_inventory");
    assertThat(hashed.columns())
        .containsExactly("device_id", "algorithm", "key_id", "ts_added_ms", "key_hash");
    assertThat(column(hashed, "key_hash"))
        .as("the key's value hashed; a cell that is not key JSON is hashed whole")
        .containsExactly("sha256:" + KeyHash.of(KEY), "sha256:" + KeyHash.of("not json"));
    assertThat(hashed.rows().toString()).doesNotContain(KEY).doesNotContain("not json");
    assertThat(column(run("PHONE", null, false).get("fallback_keys"), "key_hash"))
        .singleElement()
        .asString()
        .matches("sha256:[0-9a-f]{16}");

    CaptureQueries.Result raw = run("PHONE", null, true).get("otk_inventory");
    assertThat(raw.columns()).endsWith("key_json");
    assertThat(column(raw, "key_json")).containsExactly(KEY_JSON, "not json");
  }

  @ParameterizedTest(name = "event {0}: {1} row(s)")
  @CsvSource({"'$stored:example.org', 1", "'$purged:example.org', 0"})
  void theEventQueryRunsWhenAnEventIsAsked(String event, int rows) {
    CaptureQueries.Result r = run(null, event, false).get("event_algorithm");
    assertThat(r.error()).isNull();
    assertThat(r.rows()).hasSize(rows);
  }

  @Test
  void aQueryThatFailsIsAnErrorInItsResultAndTheOthersStillAnswer() throws Exception {
    try (DatabaseClient broken = DatabaseClient.onNewDatabase()) {
      broken.db.execute("DROP TABLE delayed_events");
      broken.db.rows().device(ALICE, "PHONE", 1L, false);
      Map<String, CaptureQueries.Result> r =
          CaptureQueries.run(broken.pool, ALICE, null, null, false).stream()
              .collect(Collectors.toMap(CaptureQueries.Result::name, q -> q));
      CaptureQueries.Result failed = r.get("delayed_events");
      assertThat(failed.error()).contains("delayed_events");
      assertThat(failed.rows()).isEmpty();
      assertThat(failed.columns()).isEmpty();
      assertThat(failed.sql()).startsWith("SELECT delay_id");
      assertThat(r.get("devices").error()).isNull();
      assertThat(column(r.get("devices"), "device_id")).containsExactly("PHONE");
    }
  }

  @Test
  void scrubbingReplacesOtherUsersInTextCellsAndKeepsTheRest() {
    CaptureQueries.Result types = run("PHONE", null, false).get("inbox_types");
    CaptureQueries.Result scrubbed = CaptureQueries.scrubbed(types, new OtherIdentities(ALICE));
    assertThat(CaptureQueries.asMaps(scrubbed))
        .containsExactly(
            Map.of(
                "device_id", "PHONE",
                "type", "m.room.encrypted",
                "sender", "<other user 1>",
                "messages", 2L));
    assertThat(scrubbed.columns()).isEqualTo(types.columns());
    assertThat(scrubbed.sql()).isEqualTo(types.sql());
  }
}
