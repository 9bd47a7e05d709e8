package dev.e2ee.exporter.runtime;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.db.AggregatesCollector;
import dev.e2ee.exporter.db.CollectorInputs;
import dev.e2ee.exporter.db.DatabasePoller;
import dev.e2ee.exporter.db.DeviceKeysCollector;
import dev.e2ee.exporter.db.EncryptedEventsScanner;
import dev.e2ee.exporter.db.InboxCollector;
import dev.e2ee.exporter.db.OtkConflictConfirmer;
import dev.e2ee.exporter.db.ReadOnlyPool;
import dev.e2ee.exporter.db.ReplicaStatus;
import dev.e2ee.exporter.db.RunningCollectors;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.evidence.Backlog;
import dev.e2ee.exporter.evidence.ConflictConfirmation;
import dev.e2ee.exporter.evidence.DatabaseTime;
import dev.e2ee.exporter.evidence.DeviceKeys;
import dev.e2ee.exporter.evidence.MissingAlgorithm;
import dev.e2ee.exporter.evidence.StaleTarget;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.IdentityLabels;
import dev.e2ee.exporter.source.Source;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the rest of the exporter reads of the database: polling, or switched off (empty answers).
 */
interface DatabaseSide {
  Source source();

  // A side answers empty for what it does not read (switched off, or only confirming).

  default Map<DeviceRef, DeviceKeys> keys() {
    return Map.of();
  }

  default Map<DeviceRef, Backlog> inbox() {
    return Map.of();
  }

  default Map<DeviceRef, ConflictConfirmation> confirmations() {
    return Map.of();
  }

  default List<StaleTarget> staleTargets() {
    return List.of();
  }

  default List<MissingAlgorithm> eventsWithoutAlgorithm() {
    return List.of();
  }

  /** When the database evidence is from: a lagging replica's replay time, else current. */
  default DatabaseTime databaseTime() {
    return DatabaseTime.CURRENT;
  }

  /** A replica within a poll interval of its primary is as current as polling gets. */
  static DatabaseTime timeOf(DatabasePoller poller, Duration pollInterval) {
    ReplicaStatus replica = poller.replica();
    Instant asOf = replica.replayedUpTo();
    if (!replica.standby()
        || asOf == null
        || replica.lagSeconds() * 1000 <= pollInterval.toMillis()) {
      return DatabaseTime.CURRENT;
    }
    return new DatabaseTime(asOf, replica.lagSeconds());
  }

  /** Starts polling with the collectors the role runs, or returns the disabled side. */
  static DatabaseSide start(
      ExporterConfig config,
      Vertx vertx,
      Map<String, String> environment,
      PrometheusRegistry registry,
      BoundedMetrics bounded,
      Clock clock,
      IdentityLabels ids,
      LogSide log,
      DeviceTables tables) {
    if (!config.database().enabled()) {
      return new Off();
    }
    // Devices the log found in trouble are watched even when they never sync.
    DatabasePoller poller =
        new DatabasePoller(
            vertx,
            config.database(),
            config.devices(),
            ReadOnlyPool.create(vertx, config.database(), environment),
            registry,
            clock,
            () ->
                log.recentConflicts().stream()
                    .flatMap(c -> c.device().stream())
                    .distinct()
                    .toList());
    RunningCollectors collectors =
        poller.addRegistered(
            new CollectorInputs(
                config, registry, bounded, ids, log::activeConflicts, tables::clients));
    poller.start();
    return new Reading(poller, collectors, config.database().pollInterval());
  }

  /**
   * A polling exporter, or one on a worker host that only confirms the KE-1 conflicts its own logs
   * saw (runbook Q1): it answers from the collectors its role runs, and empty for the others.
   */
  record Reading(DatabasePoller source, RunningCollectors collectors, Duration pollInterval)
      implements DatabaseSide {
    @Override
    public DatabaseTime databaseTime() {
      return timeOf(source, pollInterval);
    }

    @Override
    public Map<DeviceRef, DeviceKeys> keys() {
      return collectors.find(DeviceKeysCollector.class).map(c -> c.snapshot()).orElse(Map.of());
    }

    @Override
    public Map<DeviceRef, Backlog> inbox() {
      return collectors.find(InboxCollector.class).map(c -> c.snapshot()).orElse(Map.of());
    }

    @Override
    public Map<DeviceRef, ConflictConfirmation> confirmations() {
      return collectors
          .find(OtkConflictConfirmer.class)
          .map(c -> c.confirmations())
          .orElse(Map.of());
    }

    @Override
    public List<StaleTarget> staleTargets() {
      return collectors
          .find(AggregatesCollector.class)
          .map(c -> c.staleTargets())
          .orElse(List.of());
    }

    @Override
    public List<MissingAlgorithm> eventsWithoutAlgorithm() {
      return collectors.find(EncryptedEventsScanner.class).map(c -> c.recent()).orElse(List.of());
    }
  }

  record Off() implements DatabaseSide {
    @Override
    public Source source() {
      return new DisabledSource("database");
    }
  }
}
