package dev.e2ee.exporter.log.program;

import dev.e2ee.exporter.domain.ClientRelease;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.evidence.ConflictState;
import dev.e2ee.exporter.evidence.LogClock;
import dev.e2ee.exporter.metrics.Gauges;
import dev.e2ee.exporter.metrics.Refusals;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Per-device KE-1 state that gauges are made of: when the device last had an upload rejected, and
 * how many rejections in a row named the same key id - the client re-sending one unchanged batch,
 * the loop of matrix-rust-sdk issue 5200. Bounded to the configured number of devices; devices
 * beyond it are counted as dropped, and devices quiet for the idle TTL are forgotten. Also keeps
 * the most recent conflicts for the JSON API and capture.
 */
public final class ConflictingDevices implements MultiCollector {
  static final String METRIC = "synapse_e2ee_otk_conflict_device_state";
  private static final int RECENT = 200;

  private final int maxDevices;
  private final long idleMillis;
  private final long quietMillis;
  private final Refusals refused;
  private final Map<List<String>, ConflictState> devices = new ConcurrentHashMap<>();
  private final Deque<OtkConflict> recent = new ArrayDeque<>();

  /**
   * @param quietMillis a rejection this long after the previous one starts a new storm
   */
  ConflictingDevices(int maxDevices, long idleMillis, long quietMillis, Refusals refused) {
    this.maxDevices = maxDevices;
    this.idleMillis = idleMillis;
    this.quietMillis = quietMillis;
    this.refused = refused;
  }

  /** The device's state with this conflict, or null when the device bound refused it. */
  @Nullable ConflictState record(
      OtkConflict conflict, String userLabel, String deviceLabel, ClientRelease client) {
    synchronized (recent) {
      recent.addLast(conflict);
      if (recent.size() > RECENT) {
        recent.removeFirst();
      }
    }
    List<String> key = List.of(userLabel, deviceLabel);
    ConflictState previous = devices.get(key);
    if (previous == null && devices.size() >= maxDevices) {
      refused.refuse(key);
      return null;
    }
    long repeats =
        previous != null && previous.lastKeyId().equals(conflict.keyId())
            ? previous.repeats() + 1
            : 1;
    ConflictState state =
        new ConflictState(
            userLabel,
            deviceLabel,
            conflict,
            repeats,
            previous == null ? 1 : previous.total() + 1,
            client,
            previous != null && previous.stormingAt(conflict.timestampMillis(), quietMillis)
                ? Math.min(previous.stormStartMillis(), conflict.timestampMillis())
                : conflict.timestampMillis());
    devices.put(key, state);
    return state;
  }

  /** Forgets devices idle for the TTL on the clock of the log they came from. */
  void expire(LogClock clock, long wallNow) {
    devices
        .values()
        .removeIf(s -> clock.millis(s.source(), wallNow) - s.lastConflictMillis() > idleMillis);
  }

  /** The latest conflict of each device still storming on its log's clock. */
  List<OtkConflict> active(LogClock clock, long quietMillis, long wallNow) {
    List<OtkConflict> out = new ArrayList<>();
    for (ConflictState s : devices.values()) {
      if (s.stormingAt(clock.millis(s.source(), wallNow), quietMillis)) {
        out.add(s.last());
      }
    }
    return out;
  }

  /** Most recent conflicts, oldest first. */
  public List<OtkConflict> recent() {
    synchronized (recent) {
      return new ArrayList<>(recent);
    }
  }

  public List<ConflictState> devices() {
    return new ArrayList<>(devices.values());
  }

  @Override
  public MetricSnapshots collect() {
    Gauges repeats =
        new Gauges(
            "synapse_e2ee_otk_conflict_repeats",
            "Consecutive rejected uploads of the same one-time key id by this device: a client re-sending one unchanged batch (KE-1 loop).");
    Gauges last =
        new Gauges(
            "synapse_e2ee_otk_conflict_last_timestamp_seconds",
            "Unix time (log timestamp) of this device's last rejected one-time-key upload.");
    for (ConflictState s : devices.values()) {
      repeats.add((double) s.repeats(), "device", s.deviceLabel(), "user", s.userLabel());
      last.add(s.lastConflictMillis() / 1000.0, "device", s.deviceLabel(), "user", s.userLabel());
    }
    return MetricSnapshots.of(
        repeats.build(), last.build(), ConflictValuesDiffer.of(devices.values()));
  }
}
