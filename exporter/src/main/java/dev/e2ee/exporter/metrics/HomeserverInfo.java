package dev.e2ee.exporter.metrics;

import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.config.ExporterConfig;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code synapse_e2ee_homeserver_info}: which homeserver this exporter watches and which sides it
 * reads. With Synapse workers on several hosts, every host runs an exporter that reads its logs,
 * and exactly one polls the database (others may confirm their own KE-1 conflicts); this series
 * says which one polls, and lets a query check the {@code homeserver} target label against the
 * configured server name.
 */
public final class HomeserverInfo {
  private HomeserverInfo() {}

  /** Registers the series, read from what the config switches on. */
  public static void register(PrometheusRegistry registry, ExporterConfig config) {
    DatabaseConfig db = config.database();
    Gauge.builder()
        .name("synapse_e2ee_homeserver_info")
        .help(
            "The homeserver (synapse.server_name) this exporter watches; logs=read|off,"
                + " database=polled|confirms|off. The value is always 1.")
        .labelNames("server_name", "logs", "database")
        .register(registry)
        .labelValues(
            config.synapse().serverName(),
            config.logs().enabled() || config.logs().journald().isPresent() ? "read" : "off",
            db.enabled() ? db.polling().role().infoValue() : "off")
        .set(1);
  }
}
