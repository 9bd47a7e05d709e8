package dev.e2ee.exporter.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.domain.ClientRelease;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.domain.KeyValues;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.evidence.Backlog;
import dev.e2ee.exporter.evidence.ConflictConfirmation;
import dev.e2ee.exporter.evidence.ConflictState;
import dev.e2ee.exporter.evidence.DatabaseTime;
import dev.e2ee.exporter.evidence.DeviceKeys;
import dev.e2ee.exporter.evidence.Evidence;
import dev.e2ee.exporter.evidence.LogClock;
import dev.e2ee.exporter.evidence.StaleTarget;
import dev.e2ee.exporter.evidence.WatchedDevice;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every branch of the runbook's tree, and how verdicts change over time. */
class DecisionTreeTest {
  static final String U = "@a:example.org";
  static final String D = "DEV";
  static final long T0 = 1_764_064_800_000L;
  static final long MIN = 60_000;
  final DecisionTree tree = new DecisionTree(10 * MIN, 5 * MIN);

  static OtkConflict otkConflict(long atMillis) {
    return otkConflict(atMillis, KeyValues.DIFFER);
  }

  /**
   * @param keyValues what Synapse's error text showed of the stored and uploaded key values
   */
  static OtkConflict otkConflict(long atMillis, KeyValues keyValues) {
    return new OtkConflict(
        atMillis, "f", "POST-1", U, D, "signed_curve25519", "KEYID", keyValues, "a", "b");
  }

  static ConflictState conflict(long repeats, long lastMillis) {
    return conflict(repeats, lastMillis, KeyValues.DIFFER);
  }

  static ConflictState conflict(long repeats, long lastMillis, KeyValues keyValues) {
    return new ConflictState(
        U,
        D,
        otkConflict(lastMillis, keyValues),
        repeats,
        repeats,
        ClientRelease.UNKNOWN,
        lastMillis - (repeats - 1) * 2_000);
  }

  static DeviceKeys keys(long otk, Boolean fallbackUsed) {
    return new DeviceKeys(
        new WatchedDevice(U, D, T0, true, null),
        otk < 0 ? Map.of() : Map.of("signed_curve25519", otk),
        fallbackUsed == null ? Map.of() : Map.of("signed_curve25519", fallbackUsed),
        true);
  }

  /** A device that never uploaded device keys (a bot, a non-E2EE login): no key rows at all. */
  static DeviceKeys noDeviceKeys() {
    return new DeviceKeys(new WatchedDevice(U, D, T0, true, null), Map.of(), Map.of(), false);
  }

  static ConflictConfirmation confirmation(boolean stored, Boolean differs) {
    return new ConflictConfirmation(otkConflict(T0), stored, differs, T0);
  }

  static Evidence evidence(
      ConflictState c,
      DeviceKeys k,
      ConflictConfirmation conf,
      Backlog b,
      List<StaleTarget> stale) {
    return evidence(c, k, conf, b, stale, LogClock.NONE);
  }

  static Evidence evidence(
      ConflictState c,
      DeviceKeys k,
      ConflictConfirmation conf,
      Backlog b,
      List<StaleTarget> stale,
      LogClock logClock) {
    DeviceRef key = new DeviceRef(U, D);
    return new Evidence(
        k == null ? Map.of() : Map.of(key, k),
        b == null ? Map.of() : Map.of(key, b),
        conf == null ? Map.of() : Map.of(key, conf),
        c == null ? List.of() : List.of(c),
        stale,
        logClock);
  }

  static Backlog backlog(
      WatchedDevice w,
      long pending,
      long lowest,
      long unchangedSince,
      long now,
      Long acknowledgedAt) {
    return new Backlog(w, pending, lowest, unchangedSince, now - unchangedSince, acknowledgedAt);
  }

  DeviceDiagnosis q2(Evidence e, long now) {
    return tree.diagnose(e, now).stream()
        .filter(d -> d.verdict().question() == Verdict.Question.Q2)
        .findFirst()
        .orElseThrow();
  }

  /** Q2 of a device whose inbox backlog is all that is known of it. */
  DeviceDiagnosis q2(Backlog b, long now) {
    return q2(evidence(null, null, null, b, List.of()), now);
  }

  /** Q1 of a device from its storm, keys and database confirmation (each may be unknown). */
  Verdict q1(ConflictState c, DeviceKeys k, ConflictConfirmation conf, long now) {
    return q1(evidence(c, k, conf, null, List.of()), now);
  }

  Verdict q1(Evidence e, long now) {
    return tree.diagnose(e, now).stream()
        .filter(d -> d.verdict().question() == Verdict.Question.Q1)
        .findFirst()
        .orElseThrow()
        .verdict();
  }

  @Test
  void verdictsFromALaggingReplicaSayFromWhenTheDatabaseIsAndLogOnlyOnesDoNot() {
    WatchedDevice w = new WatchedDevice(U, D, T0, true, null);
    Evidence base =
        evidence(conflict(3, T0), null, null, backlog(w, 4, 10, T0, T0 + MIN, null), List.of());
    DatabaseTime behind = new DatabaseTime(Instant.ofEpochMilli(T0 - 95_000), 95.4);
    Evidence lagging =
        new Evidence(
            base.keys(),
            base.inbox(),
            base.confirmations(),
            base.conflicts(),
            List.of(new StaleTarget(U, "OLD", 7)),
            base.logClock(),
            behind);
    List<DeviceDiagnosis> all = tree.diagnose(lagging, T0 + MIN);
    String note = "; database as of the replica's replay time 2025-11-25T09:58:25Z (95 s behind)";
    assertThat(q2(lagging, T0 + MIN).evidence()).startsWith("4 messages waiting").endsWith(note);
    assertThat(all)
        .filteredOn(d -> d.verdict() == Verdict.STALE_DEVICE)
        .singleElement()
        .satisfies(d -> assertThat(d.evidence()).endsWith(note));
    assertThat(all)
        .filteredOn(d -> d.verdict().question() == Verdict.Question.Q1)
        .singleElement()
        .as("a verdict from the log alone read nothing of the database")
        .satisfies(d -> assertThat(d.evidence()).doesNotContain("replica"));
    assertThat(q2(base, T0 + MIN).evidence()).doesNotContain("replica");
  }

  @Test
  void divergenceWhenTheStoredKeyDiffersFromTheUpload() {
    assertThat(q1(conflict(5, T0), keys(50, false), confirmation(true, true), T0 + MIN))
        .isEqualTo(Verdict.DIVERGENCE);
  }

  @Test
  void exhaustionWhenNoKeysAreLeftAndTheFallbackWasUsed() {
    assertThat(q1(null, keys(0, true), null, T0)).isEqualTo(Verdict.EXHAUSTION);
    // ... even during a storm whose key is not confirmed as diverged
    assertThat(q1(conflict(5, T0), keys(0, true), confirmation(false, null), T0 + MIN))
        .isEqualTo(Verdict.EXHAUSTION);
  }

  @Test
  void clientLoopWhenTheSameKeyIsRejectedAgainWithoutDivergenceOrExhaustion() {
    assertThat(q1(conflict(3, T0), keys(50, false), confirmation(true, false), T0 + MIN))
        .isEqualTo(Verdict.CLIENT_LOOP);
    assertThat(q1(conflict(3, T0, KeyValues.UNREADABLE), keys(50, false), null, T0 + MIN))
        .as("not yet checked in the database, and Synapse's error not readable")
        .isEqualTo(Verdict.CLIENT_LOOP);
  }

  @Test
  void synapsesErrorShowingDifferentValuesIsDivergenceWhenTheDatabaseWasNotAsked() {
    // Synapse raises "already exists. Old key: ...; new key: ..." only when the two differ.
    List<DeviceDiagnosis> fromLog =
        tree.diagnose(evidence(conflict(3, T0), null, null, null, List.of()), T0 + MIN);
    assertThat(fromLog.get(0).verdict()).isEqualTo(Verdict.DIVERGENCE);
    assertThat(fromLog.get(0).evidence())
        .startsWith(
            "Synapse's error for key id KEYID shows a stored value other than the uploaded one"
                + " (not checked against the database); 3 uploads rejected");
    assertThat(q1(conflict(3, T0), keys(50, false), confirmation(true, null), T0 + MIN))
        .as("stored, but the database's value cannot be compared: the error still shows it")
        .isEqualTo(Verdict.DIVERGENCE);
    assertThat(q1(conflict(3, T0), keys(50, false), confirmation(true, false), T0 + MIN))
        .as("the database holds the uploaded value: it answers for now")
        .isEqualTo(Verdict.CLIENT_LOOP);
  }

  @Test
  void divergenceHoldsSinceTheFirstConflictNotSinceTheDatabaseConfirmedIt() {
    ConflictState storm =
        new ConflictState(U, D, otkConflict(T0), 30, 30, ClientRelease.UNKNOWN, T0 - 10 * MIN);
    DeviceDiagnosis unconfirmed =
        tree.diagnose(
                evidence(storm, keys(50, false), confirmation(true, false), null, List.of()),
                T0 + MIN)
            .get(0);
    assertThat(unconfirmed.verdict()).isEqualTo(Verdict.CLIENT_LOOP);
    DeviceDiagnosis confirmed =
        tree.diagnose(
                evidence(storm, keys(50, false), confirmation(true, true), null, List.of()),
                T0 + 2 * MIN)
            .get(0);
    assertThat(confirmed.verdict()).isEqualTo(Verdict.DIVERGENCE);
    assertThat(confirmed.sinceMillis()).isEqualTo(T0 - 10 * MIN);
  }

  @Test
  void aDeviceThatNeverUploadedDeviceKeysIsNotAnE2eeDeviceNotHealthyWithZeroKeys() {
    DeviceDiagnosis d =
        tree.diagnose(evidence(null, noDeviceKeys(), null, null, List.of()), T0).get(0);
    assertThat(d.verdict()).isEqualTo(Verdict.NO_DEVICE_KEYS);
    assertThat(d.verdict().label()).isEqualTo("no_device_keys");
    assertThat(d.verdict().needsAttention()).as("no alert, not on the findings list").isFalse();
    assertThat(d.evidence()).contains("not an E2EE device").doesNotContain("healthy");
  }

  @Test
  void healthyWithoutAStormOrWithASingleRejection() {
    assertThat(q1(null, keys(50, false), null, T0)).isEqualTo(Verdict.HEALTHY);
    assertThat(q1(conflict(1, T0), keys(50, false), confirmation(true, false), T0 + MIN))
        .isEqualTo(Verdict.HEALTHY);
    assertThat(q1(null, keys(0, false), null, T0))
        .as("0 keys, fallback unused")
        .isEqualTo(Verdict.HEALTHY);
  }

  @Test
  void aStormThatStopsIsHealthyAgainAfterTheQuietPeriodAndSinceIsKept() {
    Evidence storm =
        evidence(conflict(5, T0), keys(50, false), confirmation(true, true), null, List.of());
    DeviceDiagnosis first = tree.diagnose(storm, T0 + MIN).get(0);
    DeviceDiagnosis later = tree.diagnose(storm, T0 + 9 * MIN).get(0);
    assertThat(later.verdict()).isEqualTo(Verdict.DIVERGENCE);
    assertThat(later.sinceMillis())
        .as("since the storm's first rejection, not since it was diagnosed")
        .isEqualTo(first.sinceMillis())
        .isEqualTo(T0 - 8_000);
    DeviceDiagnosis quiet = tree.diagnose(storm, T0 + 11 * MIN).get(0);
    assertThat(quiet.verdict()).isEqualTo(Verdict.HEALTHY);
    assertThat(quiet.sinceMillis()).isEqualTo(T0 + 11 * MIN);
  }

  @Test
  void q2NoneQueuedAndStaleDevice() {
    WatchedDevice w = new WatchedDevice(U, D, T0, true, null);
    assertThat(q2(backlog(w, 0, 0, T0, T0, null), T0).verdict()).isEqualTo(Verdict.NONE_QUEUED);
    List<DeviceDiagnosis> stale =
        tree.diagnose(
            evidence(null, null, null, null, List.of(new StaleTarget(U, "OLDTAB", 7))), T0);
    assertThat(stale)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.verdict()).isEqualTo(Verdict.STALE_DEVICE);
              assertThat(d.deviceId()).isEqualTo("OLDTAB");
              assertThat(d.evidence()).startsWith("7 messages");
            });
  }

  /** A device that syncs now and then: devices.last_seen a few seconds before {@code now}. */
  static WatchedDevice seenBefore(long now) {
    return new WatchedDevice(U, D, now - 5_000, true, null);
  }

  @Test
  void aBacklogFirstSeenIsObservedNotClaimedAsDrainingThenBacklogAfterOneStallWindow() {
    DeviceDiagnosis start = q2(backlog(seenBefore(T0), 150, 7, T0, T0, null), T0);
    assertThat(start.verdict()).isEqualTo(Verdict.OBSERVING);
    assertThat(start.evidence())
        .isEqualTo(
            "150 messages waiting; watching whether the device acknowledges them (0 s of 300 s watched)");
    long t = T0 + 4 * MIN;
    DeviceDiagnosis midway = q2(backlog(seenBefore(t), 150, 7, T0, t, null), t);
    assertThat(midway.verdict()).isEqualTo(Verdict.OBSERVING);
    assertThat(midway.sinceMillis()).isEqualTo(T0);
    t = T0 + 5 * MIN;
    DeviceDiagnosis stalled = q2(backlog(seenBefore(t), 150, 7, T0, t, null), t);
    assertThat(stalled.verdict()).isEqualTo(Verdict.BACKLOG);
    assertThat(stalled.evidence())
        .isEqualTo("150 messages waiting, none acknowledged in 300 s of watching");
  }

  @Test
  void aDeviceThatNeverMadeARequestSinceLoginIsABacklogAfterOneStallWindowAndSaysSo() {
    // Real Synapse: a device that logged in and made no other request has last_seen NULL.
    WatchedDevice neverSeen = new WatchedDevice(U, D, null, true, null);
    assertThat(q2(backlog(neverSeen, 3, 7, T0, T0, null), T0).verdict())
        .isEqualTo(Verdict.OBSERVING);
    long t = T0 + 5 * MIN;
    DeviceDiagnosis stalled = q2(backlog(neverSeen, 3, 7, T0, t, null), t);
    assertThat(stalled.verdict()).isEqualTo(Verdict.BACKLOG);
    assertThat(stalled.evidence())
        .isEqualTo(
            "3 messages waiting, none acknowledged in 300 s of watching; devices.last_seen is"
                + " empty: no request recorded since it logged in");
  }

  @Test
  void drainingOnlyOnceAnAcknowledgementWasObservedAndBacklogWhenItStopsAgain() {
    // The lowest pending id moved at the poll of T0 + 1 min: observed, so draining.
    long t = T0 + 2 * MIN;
    DeviceDiagnosis draining = q2(backlog(seenBefore(t), 120, 37, T0 + MIN, t, T0 + MIN), t);
    assertThat(draining.verdict()).isEqualTo(Verdict.DRAINING);
    assertThat(draining.evidence())
        .isEqualTo(
            "120 messages waiting; the device acknowledged messages 60 s ago (lowest pending stream id moved)");
    // No further movement for a whole stall window.
    t = T0 + 6 * MIN;
    DeviceDiagnosis stopped = q2(backlog(seenBefore(t), 120, 37, T0 + MIN, t, T0 + MIN), t);
    assertThat(stopped.verdict()).isEqualTo(Verdict.BACKLOG);
    // An old acknowledgement does not make a new backlog (after an empty inbox) draining.
    t = T0 + 7 * MIN;
    DeviceDiagnosis fresh = q2(backlog(seenBefore(t), 3, 90, t, t, T0 + MIN), t);
    assertThat(fresh.verdict()).isEqualTo(Verdict.OBSERVING);
  }

  @Test
  void aDeviceNotSeenForLongerThanTheStallIsABacklogAtOnce() {
    WatchedDevice gone = new WatchedDevice(U, D, T0 - 45 * MIN, true, null);
    DeviceDiagnosis d = q2(backlog(gone, 45, 1000, T0, T0, null), T0);
    assertThat(d.verdict()).isEqualTo(Verdict.BACKLOG);
    assertThat(d.evidence())
        .isEqualTo(
            "45 messages waiting; the device was last seen 2700 s ago (devices.last_seen), so it does not sync");
    WatchedDevice neverSeen = new WatchedDevice(U, D, null, true, null);
    assertThat(q2(backlog(neverSeen, 45, 1000, T0, T0, null), T0).verdict())
        .as("no last_seen is no evidence")
        .isEqualTo(Verdict.OBSERVING);
  }

  @Test
  void theQuietPeriodIsMeasuredOnTheLogsClock() {
    long monthsAgo = T0 - 120L * 24 * 60 * MIN;
    Evidence storm = divergedStormAt(monthsAgo, logNow(monthsAgo + MIN));
    assertThat(q1(storm, T0))
        .as("the log's newest record is a minute after the conflict")
        .isEqualTo(Verdict.DIVERGENCE);
    Evidence laterInTheLog = divergedStormAt(monthsAgo, logNow(monthsAgo + 11 * MIN));
    assertThat(q1(laterInTheLog, T0)).isEqualTo(Verdict.HEALTHY);
    assertThat(q1(conflict(5, T0), keys(50, false), confirmation(true, true), T0 + 11 * MIN))
        .as("without a log clock, the wall clock")
        .isEqualTo(Verdict.HEALTHY);
  }

  /** A storm last seen at {@code lastMillis} whose stored key the database showed diverged. */
  static Evidence divergedStormAt(long lastMillis, LogClock logClock) {
    return evidence(
        conflict(5, lastMillis),
        keys(50, false),
        confirmation(true, true),
        null,
        List.of(),
        logClock);
  }

  static LogClock logNow(long millis) {
    return (source, fallback) -> "f".equals(source) ? millis : fallback;
  }

  @Test
  void verdictsNeedingAttentionAreTheUnhealthyOnes() {
    assertThat(List.of(Verdict.values()).stream().filter(Verdict::needsAttention))
        .containsExactly(
            Verdict.DIVERGENCE,
            Verdict.EXHAUSTION,
            Verdict.CLIENT_LOOP,
            Verdict.BACKLOG,
            Verdict.STALE_DEVICE);
  }
}
