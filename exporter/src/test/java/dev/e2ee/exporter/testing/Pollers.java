package dev.e2ee.exporter.testing;

import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.config.DevicesConfig;
import dev.e2ee.exporter.db.DatabasePoller;
import dev.e2ee.exporter.db.ReadOnlyPool;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** A database poller as the exporter builds it (read-only pool, default device limits). */
public final class Pollers {
  private Pollers() {}

  /** Watches active devices only (the log names none); add collectors before polling. */
  public static DatabasePoller watchingActiveDevices(
      Vertx vertx, DatabaseConfig config, PrometheusRegistry registry) {
    return new DatabasePoller(
        vertx,
        config,
        DevicesConfig.DEFAULTS,
        ReadOnlyPool.create(vertx, config, Map.of()),
        registry,
        Clock.systemUTC(),
        List::of);
  }
}
