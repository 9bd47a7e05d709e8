package dev.e2ee.exporter.db;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;

/** Synapse's database schema version, so operators see at a glance which Synapse they poll. */
public final class SchemaVersionCollector implements DbCollector {
  private final Gauge version;

  SchemaVersionCollector(PrometheusRegistry registry) {
    version =
        Gauge.builder()
            .name("synapse_e2ee_synapse_schema_version")
            .help("Synapse's database schema version (table schema_version).")
            .register(registry);
    version.set(Double.NaN); // unknown until the first round has read it, never 0
  }

  @Override
  public String name() {
    return "schema_version";
  }

  @Override
  public Future<Void> poll(SqlClient client, QueryMetrics metrics, PollContext context) {
    return metrics
        .time(
            name(),
            () -> client.query("SELECT max(version) AS version FROM schema_version").execute())
        .map(
            rows -> {
              Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
              Integer value = row == null ? null : row.getInteger("version");
              version.set(value == null ? Double.NaN : value);
              return null;
            });
  }
}
