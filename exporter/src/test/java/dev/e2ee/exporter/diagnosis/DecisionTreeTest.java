package dev.e2ee.exporter.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.db.AggregatesCollector.StaleTarget;
import dev.e2ee.exporter.db.DeviceKeysCollector.DeviceKeys;
import dev.e2ee.exporter.db.InboxCollector.Backlog;
import dev.e2ee.exporter.db.OtkConflictConfirmer.Confirmation;
import dev.e2ee.exporter.db.WatchedDevice;
import dev.e2ee.exporter.log.program.ConflictingDevices;
import dev.e2ee.exporter.log.program.OtkConflict;
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

  static ConflictingDevices.State conflict(long repeats, long lastMillis) {
    return new ConflictingDevices.State(U, D, U, D, "KEYID", repeats, lastMillis, repeats);
  }

  static DeviceKeys keys(long otk, Boolean fallbackUsed) {
    return new DeviceKeys(new WatchedDevice(U, D, T0, true), otk < 0 ? Map.of() : Map.of("signed_curve25519", otk),
        fallbackUsed == null ? Map.of() : Map.of("signed_curve25519", fallbackUsed));
  }

  static Confirmation confirmation(boolean stored, Boolean differs) {
    OtkConflict c = new OtkConflict(T0, "f", "POST-1", U, D, "signed_curve25519", "KEYID", true, "a", "b");
    return new Confirmation(c, D, stored, differs, T0);
  }

  static Evidence evidence(ConflictingDevices.State c, DeviceKeys k, Confirmation conf, Backlog b, List<StaleTarget> stale) {
    List<String> key = List.of(U, D);
    return new Evidence(k == null ? Map.of() : Map.of(key, k), b == null ? Map.of() : Map.of(key, b),
        conf == null ? Map.of() : Map.of(key, conf), c == null ? List.of() : List.of(c), stale);
  }

  Verdict q1(Evidence e, long now) {
    return tree.diagnose(e, now).stream().filter(d -> d.verdict().question() == Verdict.Question.Q1)
        .findFirst().orElseThrow().verdict();
  }

  @Test
  void divergenceWhenTheStoredKeyDiffersFromTheUpload() {
    assertThat(q1(evidence(conflict(5, T0), keys(50, false), confirmation(true, true), null, List.of()), T0 + MIN))
        .isEqualTo(Verdict.DIVERGENCE);
  }

  @Test
  void exhaustionWhenNoKeysAreLeftAndTheFallbackWasUsed() {
    assertThat(q1(evidence(null, keys(0, true), null, null, List.of()), T0)).isEqualTo(Verdict.EXHAUSTION);
    // ... even during a storm whose key is not confirmed as diverged
    assertThat(q1(evidence(conflict(5, T0), keys(0, true), confirmation(false, null), null, List.of()), T0 + MIN))
        .isEqualTo(Verdict.EXHAUSTION);
  }

  @Test
  void clientLoopWhenTheSameKeyIsRejectedAgainWithoutDivergenceOrExhaustion() {
    assertThat(q1(evidence(conflict(3, T0), keys(50, false), confirmation(true, false), null, List.of()), T0 + MIN))
        .isEqualTo(Verdict.CLIENT_LOOP);
    assertThat(q1(evidence(conflict(3, T0), keys(50, false), null, null, List.of()), T0 + MIN))
        .as("not yet checked in the database").isEqualTo(Verdict.CLIENT_LOOP);
  }

  @Test
  void healthyWithoutAStormOrWithASingleRejection() {
    assertThat(q1(evidence(null, keys(50, false), null, null, List.of()), T0)).isEqualTo(Verdict.HEALTHY);
    assertThat(q1(evidence(conflict(1, T0), keys(50, false), confirmation(true, false), null, List.of()), T0 + MIN))
        .isEqualTo(Verdict.HEALTHY);
    assertThat(q1(evidence(null, keys(0, false), null, null, List.of()), T0)).as("0 keys, fallback unused").isEqualTo(Verdict.HEALTHY);
  }

  @Test
  void aStormThatStopsIsHealthyAgainAfterTheQuietPeriodAndSinceIsKept() {
    Evidence storm = evidence(conflict(5, T0), keys(50, false), confirmation(true, true), null, List.of());
    DeviceDiagnosis first = tree.diagnose(storm, T0 + MIN).get(0);
    DeviceDiagnosis later = tree.diagnose(storm, T0 + 9 * MIN).get(0);
    assertThat(later.verdict()).isEqualTo(Verdict.DIVERGENCE);
    assertThat(later.sinceMillis()).as("unchanged verdict keeps its start").isEqualTo(first.sinceMillis()).isEqualTo(T0 + MIN);
    DeviceDiagnosis quiet = tree.diagnose(storm, T0 + 11 * MIN).get(0);
    assertThat(quiet.verdict()).isEqualTo(Verdict.HEALTHY);
    assertThat(quiet.sinceMillis()).isEqualTo(T0 + 11 * MIN);
  }

  @Test
  void q2DrainingBacklogNoneQueuedAndStaleDevice() {
    WatchedDevice w = new WatchedDevice(U, D, T0, true);
    Verdict none = tree.diagnose(evidence(null, null, null, new Backlog(w, 0, 0, T0, 0), List.of()), T0).get(0).verdict();
    Verdict draining = tree.diagnose(evidence(null, null, null, new Backlog(w, 40, 7, T0, MIN), List.of()), T0).get(0).verdict();
    Verdict backlog = tree.diagnose(evidence(null, null, null, new Backlog(w, 40, 7, T0, 6 * MIN), List.of()), T0).get(0).verdict();
    assertThat(List.of(none, draining, backlog)).containsExactly(Verdict.NONE_QUEUED, Verdict.DRAINING, Verdict.BACKLOG);
    List<DeviceDiagnosis> stale = tree.diagnose(evidence(null, null, null, null,
        List.of(new StaleTarget(U, "OLDTAB", 7))), T0);
    assertThat(stale).singleElement().satisfies(d -> {
      assertThat(d.verdict()).isEqualTo(Verdict.STALE_DEVICE);
      assertThat(d.deviceId()).isEqualTo("OLDTAB");
      assertThat(d.evidence()).startsWith("7 messages");
    });
  }

  @Test
  void verdictsNeedingAttentionAreTheUnhealthyOnes() {
    assertThat(List.of(Verdict.values()).stream().filter(Verdict::needsAttention))
        .containsExactly(Verdict.DIVERGENCE, Verdict.EXHAUSTION, Verdict.CLIENT_LOOP, Verdict.BACKLOG, Verdict.STALE_DEVICE);
  }
}
