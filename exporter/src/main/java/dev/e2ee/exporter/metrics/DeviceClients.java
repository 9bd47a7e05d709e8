package dev.e2ee.exporter.metrics;

import dev.e2ee.exporter.config.DevicesConfig;
import dev.e2ee.exporter.domain.ClientRelease;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which client and release each device last used, from its user agent: one {@code
 * synapse_e2ee_device_client_info} series per device (value 1) to join onto any per-device metric
 * with {@code * on (user, device) group_left(client, version)}. A device that changes its agent (an
 * update) replaces its series. Two sources: the log (the agent of the device's own key uploads,
 * fresh) and the database ({@code devices.user_agent}, which Synapse keeps current from {@code
 * user_ips}) for watched devices the log has not attributed; the log wins. Bounded like every
 * per-device family; devices not seen for the idle TTL are forgotten.
 */
public final class DeviceClients implements MultiCollector {
  public static final String METRIC = "synapse_e2ee_device_client_info";

  record Seen(ClientRelease release, long atMillis, boolean fromLog) {}

  private final int maxDevices;
  private final long idleMillis;
  private final Refusals refused;
  private final Map<List<String>, Seen> devices = new ConcurrentHashMap<>();

  /**
   * The table as the exporter builds it, registered: at most {@code devices.max_devices} devices,
   * each kept {@code devices.series_idle_ttl} after it was last seen.
   */
  public static DeviceClients registered(
      DevicesConfig devices, PrometheusRegistry registry, BoundedMetrics bounded) {
    Duration ttl = devices.seriesIdleTtl();
    DeviceClients table =
        new DeviceClients(devices.maxDevices(), ttl.toMillis(), bounded.refusalsFor(METRIC, ttl));
    registry.register(table);
    return table;
  }

  public DeviceClients(int maxDevices, long idleMillis, Refusals refused) {
    this.maxDevices = maxDevices;
    this.idleMillis = idleMillis;
    this.refused = refused;
  }

  /** The agent of the device's own request, as the log showed it. */
  public void recordFromLog(
      String userLabel, String deviceLabel, ClientRelease release, long nowMillis) {
    List<String> key = List.of(userLabel, deviceLabel);
    if (!devices.containsKey(key) && devices.size() >= maxDevices) {
      refused.refuse(key);
      return;
    }
    devices.put(key, new Seen(release, nowMillis, true));
  }

  /** The agent {@code devices.user_agent} holds; ignored for a device the log has attributed. */
  public void recordFromDatabase(
      String userLabel, String deviceLabel, ClientRelease release, long nowMillis) {
    List<String> key = List.of(userLabel, deviceLabel);
    Seen seen = devices.get(key);
    if (seen != null && seen.fromLog()) {
      return;
    }
    if (seen == null && devices.size() >= maxDevices) {
      refused.refuse(key);
      return;
    }
    devices.put(key, new Seen(release, nowMillis, false));
  }

  public void expire(long nowMillis) {
    devices.values().removeIf(s -> nowMillis - s.atMillis() > idleMillis);
  }

  @Override
  public MetricSnapshots collect() {
    Gauges info =
        new Gauges(
            METRIC,
            "Client family and version behind a device's requests (from its user agent); the value"
                + " is always 1.");
    devices.forEach(
        (key, seen) ->
            info.add(
                1,
                "client",
                seen.release().family(),
                "device",
                key.get(1),
                "user",
                key.get(0),
                "version",
                seen.release().version()));
    return MetricSnapshots.of(info.build());
  }
}
