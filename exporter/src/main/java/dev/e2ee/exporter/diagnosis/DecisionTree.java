package dev.e2ee.exporter.diagnosis;

import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.domain.KeyValues;
import dev.e2ee.exporter.evidence.Backlog;
import dev.e2ee.exporter.evidence.ConflictConfirmation;
import dev.e2ee.exporter.evidence.ConflictState;
import dev.e2ee.exporter.evidence.DeviceKeys;
import dev.e2ee.exporter.evidence.Evidence;
import dev.e2ee.exporter.evidence.StaleTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The runbook's decision tree as plain code. Q1 for every device with key state or a recent
 * conflict; Q2 for every watched device and every stale target. A storm that stops turns back to
 * healthy after the quiet period, measured on the clock of the log it was read from (a log read
 * months later answers as it did then). Q2 claims only what was observed: a backlog is {@code
 * observing} until one stall window was watched, unless the database already says the device has
 * not been seen for longer. Keeps, per device and question, since when the current answer holds
 * (wall clock: when the exporter started saying it).
 */
public final class DecisionTree {
  private final long quietMillis;
  private final long stallMillis;
  private final Map<List<String>, DeviceDiagnosis> previous = new HashMap<>();

  /**
   * @param quietMillis how long after its last rejected upload a device counts as healthy again
   * @param stallMillis how long a backlog may not move before it counts as not draining
   */
  public DecisionTree(long quietMillis, long stallMillis) {
    this.quietMillis = quietMillis;
    this.stallMillis = stallMillis;
  }

  public synchronized List<DeviceDiagnosis> diagnose(Evidence e, long now) {
    Map<DeviceRef, ConflictState> conflicts = new HashMap<>();
    for (ConflictState c : e.conflicts()) {
      c.last().device().ifPresent(device -> conflicts.put(device, c));
    }
    Set<DeviceRef> devices = new LinkedHashSet<>(conflicts.keySet());
    devices.addAll(e.keys().keySet());
    devices.addAll(e.inbox().keySet());
    List<DeviceDiagnosis> out = new ArrayList<>();
    String asOf = e.databaseTime().note();
    for (DeviceRef d : devices) {
      if (conflicts.containsKey(d) || e.keys().containsKey(d)) {
        ConflictState conflict = conflicts.get(d);
        long logNow = conflict == null ? now : e.logClock().millis(conflict.source(), now);
        DeviceKeys keys = e.keys().get(d);
        ConflictConfirmation confirmation = e.confirmations().get(d);
        boolean readDatabase = keys != null || confirmation != null;
        out.add(
            remember(
                noted(q1(d, conflict, keys, confirmation, logNow), readDatabase ? asOf : ""), now));
      }
      Backlog backlog = e.inbox().get(d);
      if (backlog != null) {
        out.add(remember(noted(q2(d, backlog, now), asOf), now));
      }
    }
    for (StaleTarget t : e.staleTargets()) {
      out.add(
          remember(
              new DeviceDiagnosis(
                  t.userId(),
                  t.deviceId(),
                  Verdict.STALE_DEVICE,
                  t.pending()
                      + " messages wait for this device id, which is not in the devices table"
                      + asOf,
                  now),
              now));
    }
    // Forget devices that are no longer diagnosed, so this memory stays as bounded as its inputs.
    Set<List<String>> current = new HashSet<>();
    out.forEach(o -> current.add(List.of(o.userId(), o.deviceId(), o.verdict().question().name())));
    previous.keySet().retainAll(current);
    return out;
  }

  /**
   * @param logNow the newest record time of the log the conflict came from
   */
  DeviceDiagnosis q1(
      DeviceRef d,
      @Nullable ConflictState conflict,
      @Nullable DeviceKeys keys,
      @Nullable ConflictConfirmation confirmation,
      long logNow) {
    boolean storm = conflict != null && conflict.stormingAt(logNow, quietMillis);
    long otk = keys == null ? -1 : keys.otkCounts().getOrDefault("signed_curve25519", 0L);
    boolean fallbackUsed =
        keys != null && Boolean.TRUE.equals(keys.fallbackUsed().get("signed_curve25519"));
    if (storm && conflict != null) {
      String divergence = divergenceEvidence(conflict, confirmation);
      if (divergence != null) {
        return new DeviceDiagnosis(
            d.userId(),
            d.deviceId(),
            Verdict.DIVERGENCE,
            divergence
                + "; "
                + conflict.total()
                + " uploads rejected, "
                + conflict.repeats()
                + " in a row for this key id"
                + conflict.clientSuffix(),
            conflict.stormStartMillis());
      }
    }
    if (keys != null && otk == 0 && fallbackUsed) {
      return new DeviceDiagnosis(
          d.userId(),
          d.deviceId(),
          Verdict.EXHAUSTION,
          "0 unclaimed signed_curve25519 keys and the fallback key handed out",
          0);
    }
    if (storm && conflict != null && conflict.repeats() >= 2) {
      String stored =
          confirmation == null
              ? "not checked against the database"
              : confirmation.stored()
                  ? "stored in the database with the same value or one not comparable"
                  : conflict.last().keyValues() == KeyValues.DIFFER
                      ? "no longer stored in the database (Synapse's error showed another stored"
                          + " value when it was rejected)"
                      : "no longer stored in the database";
      return new DeviceDiagnosis(
          d.userId(),
          d.deviceId(),
          Verdict.CLIENT_LOOP,
          "key id "
              + conflict.lastKeyId()
              + " rejected "
              + conflict.repeats()
              + " times in a row; "
              + stored
              + conflict.clientSuffix(),
          conflict.stormStartMillis());
    }
    if (keys != null && !keys.deviceKeysUploaded() && otk == 0 && conflict == null) {
      return new DeviceDiagnosis(
          d.userId(),
          d.deviceId(),
          Verdict.NO_DEVICE_KEYS,
          "no device keys uploaded (no row in e2e_device_keys_json) and no one-time keys: not an"
              + " E2EE device",
          0);
    }
    return new DeviceDiagnosis(
        d.userId(),
        d.deviceId(),
        Verdict.HEALTHY,
        otk >= 0 ? otk + " unclaimed keys" : healthyWithoutKeys(conflict, storm),
        0);
  }

  /**
   * What shows the key id stored with another value than the upload, or null when nothing does. The
   * database, when it was asked, answers for now; without it, Synapse's own error text is the
   * evidence: it names the stored and the new key, and Synapse raises it only when they differ (an
   * identical re-upload is skipped silently).
   */
  private static @Nullable String divergenceEvidence(
      ConflictState conflict, @Nullable ConflictConfirmation confirmation) {
    if (confirmation != null
        && confirmation.stored()
        && Boolean.TRUE.equals(confirmation.storedDiffersFromUpload())) {
      return "key id "
          + conflict.lastKeyId()
          + " is stored with another value than the client uploads";
    }
    boolean databaseSilent =
        confirmation == null
            || (confirmation.stored() && confirmation.storedDiffersFromUpload() == null);
    if (databaseSilent && conflict.last().keyValues() == KeyValues.DIFFER) {
      return "Synapse's error for key id "
          + conflict.lastKeyId()
          + " shows a stored value other than the uploaded one ("
          + (confirmation == null
              ? "not checked against the database"
              : "the database's value is not comparable")
          + ")";
    }
    return null;
  }

  /** Why a device without key figures is healthy, without denying rejections it had. */
  private String healthyWithoutKeys(@Nullable ConflictState conflict, boolean storm) {
    if (conflict == null) {
      return "no rejected uploads";
    }
    if (storm) {
      return conflict.total()
          + (conflict.total() == 1 ? " rejected upload" : " rejected uploads")
          + ", not repeated with the same key id";
    }
    return "no rejected upload in the last " + quietMillis / 60_000 + " min";
  }

  DeviceDiagnosis q2(DeviceRef d, Backlog b, long now) {
    if (b.pending() == 0) {
      return new DeviceDiagnosis(
          d.userId(), d.deviceId(), Verdict.NONE_QUEUED, "nothing waiting", 0);
    }
    Long lastSeen = b.device().lastSeenMillis();
    if (lastSeen != null && now - lastSeen > stallMillis && !b.drainingObserved()) {
      return new DeviceDiagnosis(
          d.userId(),
          d.deviceId(),
          Verdict.BACKLOG,
          b.pending()
              + " messages waiting; the device was last seen "
              + (now - lastSeen) / 1000
              + " s ago (devices.last_seen), so it does not sync",
          0);
    }
    if (b.stalledMillis() >= stallMillis) {
      return new DeviceDiagnosis(
          d.userId(),
          d.deviceId(),
          Verdict.BACKLOG,
          b.pending()
              + " messages waiting, none acknowledged in "
              + b.stalledMillis() / 1000
              + " s of watching"
              + (lastSeen == null && b.device().known()
                  ? "; devices.last_seen is empty: no request recorded since it logged in"
                  : ""),
          0);
    }
    Long acknowledgedAt = b.acknowledgedAtMillis();
    if (b.drainingObserved() && acknowledgedAt != null) {
      return new DeviceDiagnosis(
          d.userId(),
          d.deviceId(),
          Verdict.DRAINING,
          b.pending()
              + " messages waiting; the device acknowledged messages "
              + (now - acknowledgedAt) / 1000
              + " s ago (lowest pending stream id moved)",
          0);
    }
    return new DeviceDiagnosis(
        d.userId(),
        d.deviceId(),
        Verdict.OBSERVING,
        b.pending()
            + " messages waiting; watching whether the device acknowledges them ("
            + b.stalledMillis() / 1000
            + " s of "
            + stallMillis / 1000
            + " s watched)",
        0);
  }

  /** The answer with {@code note} (when the database evidence is from) after its evidence. */
  private static DeviceDiagnosis noted(DeviceDiagnosis d, String note) {
    return note.isEmpty()
        ? d
        : new DeviceDiagnosis(
            d.userId(), d.deviceId(), d.verdict(), d.evidence() + note, d.sinceMillis());
  }

  /**
   * Carries the 'since' of an unchanged answer over; a changed answer starts now, unless its
   * evidence says when the problem began (a storm's first rejection: {@code fresh.sinceMillis()}
   * above 0), which is what an operator asks "since when" about, not when it was confirmed.
   */
  private DeviceDiagnosis remember(DeviceDiagnosis fresh, long now) {
    List<String> key = List.of(fresh.userId(), fresh.deviceId(), fresh.verdict().question().name());
    DeviceDiagnosis before = previous.get(key);
    long since =
        fresh.sinceMillis() > 0
            ? fresh.sinceMillis()
            : before != null && before.verdict() == fresh.verdict() ? before.sinceMillis() : now;
    DeviceDiagnosis result =
        new DeviceDiagnosis(
            fresh.userId(), fresh.deviceId(), fresh.verdict(), fresh.evidence(), since);
    previous.put(key, result);
    return result;
  }
}
