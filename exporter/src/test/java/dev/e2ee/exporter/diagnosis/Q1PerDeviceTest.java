package dev.e2ee.exporter.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.db.OtkConflictConfirmer;
import dev.e2ee.exporter.db.PollContext;
import dev.e2ee.exporter.db.QueryMetrics;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.evidence.ConflictConfirmation;
import dev.e2ee.exporter.evidence.Evidence;
import dev.e2ee.exporter.metrics.IdentityLabels;
import dev.e2ee.exporter.testing.DatabaseClient;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Q1 from Synapse-format log lines and a real PostgreSQL: one-time-key ids count per device, so
 * another device of the same user holding the same key id is no evidence of divergence.
 */
@NeedsPostgres
class Q1PerDeviceTest {
  static final String BOB = "@bob:example.org";
  static final String KEY_ID = "AAAAAAAAAFA";
  DatabaseClient client;
  final ProgramHarness log = new ProgramHarness();
  final OtkConflictConfirmer confirmer =
      new OtkConflictConfirmer(
          new IdentityLabels(new LabelsConfig(UserIdMode.FULL)), log.program::activeConflicts, 100);

  @BeforeEach
  void setUp() {
    client = DatabaseClient.onNewDatabase();
  }

  @AfterEach
  void tearDown() throws Exception {
    client.close();
  }

  /** Three rejected uploads of one key id by {@code device}, each a request's three lines. */
  static List<String> rejectedUploads(
      String device, int firstRequest, String storedValue, String uploadedValue) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String ts = "2026-11-25 10:00:0" + i + ",000";
      String req = "POST-" + (firstRequest + i);
      lines.add(
          ts
              + " - synapse.handlers.e2e_keys - 145 - INFO - "
              + req
              + " - Adding one_time_keys dict_keys(['signed_curve25519:"
              + KEY_ID
              + "']) for device '"
              + device
              + "' for user '"
              + BOB
              + "' at 1764064800000");
      lines.add(
          ts
              + " - synapse.http.server - 130 - INFO - "
              + req
              + " - <XForwardedForRequest at 0x7f method='POST'"
              + " uri='/_matrix/client/v3/keys/upload' clientproto='HTTP/1.1' site='8008'> SynapseError: 400 - One time key"
              + " signed_curve25519:"
              + KEY_ID
              + " already exists. Old key: {\"key\":\""
              + storedValue
              + "\",\"signatures\":{}};"
              + " new key: {'key': '"
              + uploadedValue
              + "', 'signatures': {}}");
      lines.add(
          ts
              + " - synapse.access.http.8008 - 461 - INFO - "
              + req
              + " - ::1 - 8008 - {"
              + BOB
              + "} Processed request:"
              + " 0.010sec/0.001sec ru=(0.001sec, 0.001sec) db=(0.000sec/0.002sec/1) 63B 400"
              + " \"POST /_matrix/client/v3/keys/upload HTTP/1.1\" \"Element/1.11.0\" [0 dbevts]");
    }
    return lines;
  }

  /** BOBWEB's three rejected uploads of KEY_ID (stored "webOldKey", uploaded "webNewKey"). */
  void feedBobwebsStorm() {
    log.feed("homeserver.log", rejectedUploads("BOBWEB", 100, "webOldKey", "webNewKey"));
    log.settle();
  }

  /** The device's own one-time key KEY_ID as stored in the database. */
  void storeKey(String device, String value) throws Exception {
    client
        .db
        .rows()
        .device(BOB, device, log.clock.millis(), false)
        .oneTimeKey(
            BOB,
            device,
            "signed_curve25519",
            KEY_ID,
            "{\"key\":\"" + value + "\",\"signatures\":{}}",
            log.clock.millis());
  }

  /** The tree's diagnoses from the log program's storms and these database confirmations. */
  List<DeviceDiagnosis> diagnose(Map<DeviceRef, ConflictConfirmation> confirmations) {
    Evidence e =
        new Evidence(
            Map.of(),
            Map.of(),
            confirmations,
            log.program.conflictingDevices().devices(),
            List.of(),
            log.program.logClock());
    return new DecisionTree(600_000, 300_000).diagnose(e, log.clock.millis());
  }

  DeviceDiagnosis q1(String device) {
    return diagnose(confirmer.confirmations()).stream()
        .filter(d -> d.deviceId().equals(device) && d.verdict().question() == Verdict.Question.Q1)
        .findFirst()
        .orElseThrow();
  }

  /** One round of the confirmer on the database, then a scrape of its gauges. */
  Scrape confirm() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    confirmer
        .poll(
            client.pool,
            new QueryMetrics(registry),
            new PollContext(List.of(), log.clock.millis(), false))
        .await(20, TimeUnit.SECONDS);
    registry.register(confirmer);
    return Scrape.of(registry);
  }

  static double bobwebs(Scrape s, String family) {
    return s.valueOrFail(family + "{device=\"BOBWEB\",user=\"" + BOB + "\"}");
  }

  @Test
  void anotherDevicesRowWithTheSameKeyIdIsNotDivergence() throws Exception {
    // BOBWEB's row for the key id is gone; BOBPHONE has its own key with that id.
    client.db.rows().device(BOB, "BOBWEB", log.clock.millis(), false);
    storeKey("BOBPHONE", "phoneKey");
    feedBobwebsStorm();
    Scrape s = confirm();
    assertThat(bobwebs(s, "synapse_e2ee_otk_conflict_key_stored")).isZero();
    assertThat(bobwebs(s, "synapse_e2ee_otk_conflict_divergence")).isZero();
    DeviceDiagnosis d = q1("BOBWEB");
    assertThat(d.verdict()).isEqualTo(Verdict.CLIENT_LOOP);
    assertThat(d.evidence()).contains("no longer stored");
  }

  @Test
  void fromTheLogAloneSynapsesErrorWithTwoValuesIsDivergence() {
    // A log-only exporter (no database section): Synapse's own error names the stored and the
    // new key, and it is raised only when they differ. That is Q1's "yes", not a client loop.
    feedBobwebsStorm();
    DeviceDiagnosis d = diagnose(Map.of()).get(0);
    assertThat(d.verdict()).isEqualTo(Verdict.DIVERGENCE);
    assertThat(d.evidence())
        .startsWith(
            "Synapse's error for key id "
                + KEY_ID
                + " shows a stored value other than the uploaded one (not checked against the"
                + " database)");
  }

  @Test
  void aStormHoldsSinceItsFirstRejectionAndOneAfterAQuietPeriodStartsAgain() {
    feedBobwebsStorm();
    assertThat(stormStart()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    // 30 minutes later, past the 10-minute quiet period: a new storm, a new start.
    log.feed(
        "homeserver.log",
        rejectedUploads("BOBWEB", 200, "webOldKey", "webNewKey").stream()
            .map(l -> l.replace("2026-11-25 10:00:", "2026-11-25 10:30:"))
            .toList());
    log.settle();
    assertThat(stormStart()).isEqualTo(Instant.parse("2026-11-25T10:30:00Z"));
    DeviceDiagnosis d = diagnose(Map.of()).get(0);
    assertThat(Instant.ofEpochMilli(d.sinceMillis()))
        .as("since the problem began, not since the exporter said so")
        .isEqualTo(Instant.parse("2026-11-25T10:30:00Z"));
  }

  Instant stormStart() {
    return Instant.ofEpochMilli(
        log.program.conflictingDevices().devices().get(0).stormStartMillis());
  }

  @Test
  void theDevicesOwnRowWithAnotherValueIsDivergence() throws Exception {
    storeKey("BOBWEB", "webOldKey");
    feedBobwebsStorm();
    Scrape s = confirm();
    assertThat(bobwebs(s, "synapse_e2ee_otk_conflict_key_stored")).isEqualTo(1);
    assertThat(bobwebs(s, "synapse_e2ee_otk_conflict_divergence")).isEqualTo(1);
    assertThat(q1("BOBWEB").verdict()).isEqualTo(Verdict.DIVERGENCE);
  }
}
