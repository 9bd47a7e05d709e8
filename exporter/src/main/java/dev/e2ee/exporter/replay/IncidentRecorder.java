package dev.e2ee.exporter.replay;

import dev.e2ee.exporter.domain.ClientRelease;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.evidence.ConflictState;
import dev.e2ee.exporter.log.parse.DelayedAction;
import dev.e2ee.exporter.log.parse.Endpoint;
import dev.e2ee.exporter.log.program.ProgramEvents;
import dev.e2ee.exporter.log.program.ProgramEvents.CountedRequest;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Keeps, from the log program's events, what a report needs beyond the counters: per device the
 * times and key ids of its rejected uploads, and per minute the latencies that Q4 compares. Fed on
 * the program's own path, so the report and the metrics count the same lines.
 */
final class IncidentRecorder implements ProgramEvents {
  /** The key ids listed per device; beyond it they are only counted. */
  static final int KEY_IDS_LISTED = 20;

  final Map<List<String>, DeviceIncident> devices = new LinkedHashMap<>();
  final TreeMap<Long, Minute> minutes = new TreeMap<>();
  final Map<String, Map<String, Long>> toDevice = new TreeMap<>();
  final Map<String, Map<String, Long>> delayedRequests = new TreeMap<>();
  final FloatList delayedSeconds = new FloatList();
  long delayedDisconnects;
  private @Nullable Minute current;
  private long currentMinute = Long.MIN_VALUE;
  private final StallDetector stalls = new StallDetector();

  /** One minute of access lines (minute = epoch millis / 60,000). */
  static final class Minute {
    final long minute;
    final FloatList nonSyncSeconds = new FloatList();
    final FloatList delayedSeconds = new FloatList();
    long delayedRequests;
    long delayedDisconnects;

    /** Delayed-event updates and restarts slower than the recording rule's 5 s. */
    long delayedSlow;

    /**
     * The longest silence of the access lines that abandoned requests in this minute followed (a
     * stall of the homeserver), 0 when none did.
     */
    long stallMillis;

    long conflicts;
    final Map<String, Map<String, Long>> toDevice = new TreeMap<>();

    Minute(long minute) {
      this.minute = minute;
    }
  }

  /** KE-1 as one device lived it. */
  static final class DeviceIncident {
    final String user;
    final String device;
    ClientRelease client = ClientRelease.UNKNOWN;
    final Map<String, Long> uploads = new TreeMap<>();
    long conflicts;
    long firstConflictMillis = Long.MIN_VALUE;
    long lastConflictMillis = Long.MIN_VALUE;
    final TreeMap<Long, Long> conflictsPerMinute = new TreeMap<>();
    final Set<String> keyIds = new LinkedHashSet<>();
    long keyIdsNotListed;
    long valuesDiffer;
    long valuesSame;
    long valuesUnknown;

    /** The program's state of this device after its last conflict: what a verdict reads. */
    @Nullable ConflictState state;

    DeviceIncident(String user, String device) {
      this.user = user;
      this.device = device;
    }

    long uploads(String outcome) {
      return uploads.getOrDefault(outcome, 0L);
    }
  }

  @Override
  public void request(CountedRequest r) {
    @Nullable DelayedAction action = r.action();
    @Nullable String toDeviceType = r.toDeviceType();
    Minute m = minute(r.timestampMillis());
    long stall = stalls.observe(r.timestampMillis(), r.access().disconnected());
    m.stallMillis = Math.max(m.stallMillis, stall);
    double seconds = r.access().processingSeconds();
    if (r.endpoint() != Endpoint.SYNC && seconds >= 0) {
      m.nonSyncSeconds.add(seconds);
    }
    if (toDeviceType != null) {
      String code = Integer.toString(r.access().status());
      increment(toDevice, toDeviceType, code);
      increment(m.toDevice, toDeviceType, code);
    }
    if (action != null) {
      increment(delayedRequests, action.label(), Integer.toString(r.access().status()));
      m.delayedRequests++;
      if (seconds >= 0) {
        delayedSeconds.add(seconds);
        m.delayedSeconds.add(seconds);
        if (seconds > Q4.SLOW_DELAYED_SECONDS
            && (action == DelayedAction.UPDATE || action == DelayedAction.RESTART)) {
          m.delayedSlow++;
        }
      }
      if (r.access().disconnected()) {
        delayedDisconnects++;
        m.delayedDisconnects++;
      }
    }
  }

  @Override
  public void upload(FinishedUpload u) {
    DeviceIncident d =
        devices.computeIfAbsent(
            List.of(u.userLabel(), u.deviceLabel()),
            k -> new DeviceIncident(u.userLabel(), u.deviceLabel()));
    d.uploads.merge(u.outcome(), 1L, Long::sum);
    if (!u.client().equals(ClientRelease.UNKNOWN)) {
      d.client = u.client();
    }
    OtkConflict conflict = u.conflict();
    if (conflict == null) {
      return;
    }
    long at = conflict.timestampMillis();
    d.conflicts++;
    if (d.firstConflictMillis == Long.MIN_VALUE || at < d.firstConflictMillis) {
      d.firstConflictMillis = at;
    }
    d.lastConflictMillis = Math.max(d.lastConflictMillis, at);
    d.conflictsPerMinute.merge(Math.floorDiv(at, 60_000L), 1L, Long::sum);
    minute(at).conflicts++;
    String keyId = conflict.algorithm() + ":" + conflict.keyId();
    if (!d.keyIds.contains(keyId)) {
      if (d.keyIds.size() < KEY_IDS_LISTED) {
        d.keyIds.add(keyId);
      } else {
        d.keyIdsNotListed++;
      }
    }
    switch (conflict.keyValues()) {
      case UNREADABLE -> d.valuesUnknown++;
      case DIFFER -> d.valuesDiffer++;
      case SAME -> d.valuesSame++;
    }
    if (u.state() != null) {
      d.state = u.state();
    }
  }

  private Minute minute(long millis) {
    long key = Math.floorDiv(millis, 60_000L);
    Minute m = current;
    if (m != null && key == currentMinute) {
      return m;
    }
    m = minutes.computeIfAbsent(key, Minute::new);
    current = m;
    currentMinute = key;
    return m;
  }

  private static void increment(Map<String, Map<String, Long>> table, String row, String column) {
    table.computeIfAbsent(row, r -> new TreeMap<>()).merge(column, 1L, Long::sum);
  }
}
