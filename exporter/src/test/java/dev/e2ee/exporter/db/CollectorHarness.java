package dev.e2ee.exporter.db;

import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.evidence.WatchedDevice;
import dev.e2ee.exporter.metrics.IdentityLabels;
import dev.e2ee.exporter.testing.DatabaseClient;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.exporter.testing.TestDatabase;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every collector test shares: a fresh database with the Synapse schema per test, a pool on
 * it, one registry, and a round of one collector followed by a scrape. Expected values are the SQL
 * ground truth, queried independently through {@link TestDatabase}'s admin connection.
 */
@NeedsPostgres
abstract class CollectorHarness {
  static final long NOW = 1_764_064_800_000L;
  static final String A = "@alice:example.org";
  static final String B = "@bob:example.org";
  DatabaseClient client;
  Pool pool;
  TestDatabase db;
  final PrometheusRegistry registry = new PrometheusRegistry();
  final QueryMetrics metrics = new QueryMetrics(registry);
  final IdentityLabels ids = new IdentityLabels(new LabelsConfig(UserIdMode.FULL));
  private final List<MultiCollector> registered = new ArrayList<>();

  @BeforeEach
  void openDatabase() {
    client = DatabaseClient.onNewDatabase();
    db = client.db;
    pool = client.pool;
  }

  @AfterEach
  void closeDatabase() throws Exception {
    client.close();
  }

  /** One polling round of {@code collector}, then a scrape of everything registered so far. */
  Scrape run(DbCollector collector, PollContext context) throws Exception {
    collector.poll(pool, metrics, context).await(20, TimeUnit.SECONDS);
    if (collector instanceof MultiCollector m && !registered.contains(m)) {
      registry.register(m);
      registered.add(m);
    }
    return Scrape.of(registry);
  }

  static PollContext watching(WatchedDevice... devices) {
    return new PollContext(List.of(devices), NOW, true);
  }

  static String dev(String user, String device) {
    return "device=\"" + device + "\",user=\"" + user + "\"";
  }
}
