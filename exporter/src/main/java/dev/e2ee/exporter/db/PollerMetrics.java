package dev.e2ee.exporter.db;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The poller's own gauges, apart from its logic (as client_java keeps metric holders): session
 * health, round timing, the standby's lag, each collector's state, and the device counts. The
 * device counts are registered only by an exporter that lists devices: one that only confirms KE-1
 * conflicts lists none and must not say 0.
 */
final class PollerMetrics {
  final Gauge up;
  final Gauge lastSuccess;
  final Gauge pollDuration;
  final Gauge standby;
  final Gauge replicaLag;
  final Gauge collectorEnabled;
  final Gauge collectorLastSuccess;
  final Gauge watchedDevices;
  final Gauge activeDevices;

  PollerMetrics(PrometheusRegistry registry, boolean listsDevices) {
    up =
        Gauge.builder()
            .name("synapse_e2ee_db_up")
            .help(
                "1 when the last database poll could connect and its session is read-only, else 0.")
            .register(registry);
    lastSuccess =
        Gauge.builder()
            .name("synapse_e2ee_db_last_success_timestamp_seconds")
            .help("Unix time of the last poll round that reached the database.")
            .register(registry);
    pollDuration =
        Gauge.builder()
            .name("synapse_e2ee_db_poll_duration_seconds")
            .help("Wall time of the last complete poll round, all collectors included.")
            .register(registry);
    standby =
        Gauge.builder()
            .name("synapse_e2ee_db_standby")
            .help(
                "1 when the polled database is a hot standby (pg_is_in_recovery()): its answers are as of its replay position.")
            .register(registry);
    replicaLag =
        Gauge.builder()
            .name("synapse_e2ee_db_replica_lag_seconds")
            .help(
                "How far the standby's replay trails: age of its last replayed transaction while WAL it received is not replayed yet (or it streams nothing); 0 when caught up and on a primary.")
            .register(registry);
    collectorEnabled =
        Gauge.builder()
            .name("synapse_e2ee_db_collector_enabled")
            .help(
                "1 while the collector runs; 0 after its table or column was missing or not readable (an older Synapse, missing grants). Rechecked hourly.")
            .labelNames("collector")
            .register(registry);
    collectorLastSuccess =
        Gauge.builder()
            .name("synapse_e2ee_db_collector_last_success_timestamp_seconds")
            .help(
                "Unix time the collector last completed; scrapes serve its cached results, this is their age.")
            .labelNames("collector")
            .register(registry);
    Gauge.Builder watched =
        Gauge.builder()
            .name("synapse_e2ee_watched_devices")
            .help(
                "Devices with series of their own: named by log findings, then those to-device messages wait for (most first), then seen within devices.active_days, capped at devices.max_devices.");
    watchedDevices = listsDevices ? watched.register(registry) : watched.build();
    Gauge.Builder active =
        Gauge.builder()
            .name("synapse_e2ee_active_devices")
            .help("Non-hidden devices seen within devices.active_days (watched or not).");
    activeDevices = listsDevices ? active.register(registry) : active.build();
    up.set(0);
  }
}
