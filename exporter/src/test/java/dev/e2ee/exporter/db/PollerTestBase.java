package dev.e2ee.exporter.db;

import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.metrics.IdentityLabels;
import dev.e2ee.exporter.testing.TestDatabase;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * What the tests of a whole poller share: a Vert.x of their own, closed after each test, one
 * registry, and labels with full user ids.
 */
abstract class PollerTestBase {
  final Vertx vertx = Vertx.vertx();
  final PrometheusRegistry registry = new PrometheusRegistry();
  final IdentityLabels ids = new IdentityLabels(new LabelsConfig(UserIdMode.FULL));

  /** The exporter's database section for {@code db}, connecting as the server's superuser. */
  static DatabaseConfig asSuperuser(TestDatabase db) {
    return db.exporterConfig(db.server().superuser(), Optional.empty());
  }

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
