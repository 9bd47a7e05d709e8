package dev.e2ee.exporter.runtime;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.db.AggregatesCollector;
import dev.e2ee.exporter.db.DatabasePoller;
import dev.e2ee.exporter.db.DelayedEventsCollector;
import dev.e2ee.exporter.db.DeviceAgentsCollector;
import dev.e2ee.exporter.db.DeviceKeysCollector;
import dev.e2ee.exporter.db.EncryptedEventsScanner;
import dev.e2ee.exporter.db.InboxCollector;
import dev.e2ee.exporter.db.OtkConflictConfirmer;
import dev.e2ee.exporter.db.ReadOnlyPool;
import dev.e2ee.exporter.db.ReplicaStatus;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.evidence.Backlog;
import dev.e2ee.exporter.evidence.ConflictConfirmation;
import dev.e2ee.exporter.evidence.DatabaseTime;
import dev.e2ee.exporter.evidence.DeviceKeys;
import dev.e2ee.exporter.evidence.MissingAlgorithm;
import dev.e2ee.exporter.evidence.StaleTarget;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.DeviceClients;
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

  /** Starts polling with every collector, or only confirming, or returns the disabled side. */
  static DatabaseSide start(
      ExporterConfig config,
      Vertx vertx,
      Map<String, String> environment,
      PrometheusRegistry registry,
      BoundedMetrics bounded,
      Clock clock,
      IdentityLabels ids,
      LogSide log) {
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
    int cap = config.devices().maxDevices();
    ExporterConfig.Polling polling = config.database().polling();
    if (polling.role() == ExporterConfig.DatabaseRole.CONFIRM) {
      Confirming side =
          new Confirming(
              poller,
              new OtkConflictConfirmer(ids, log::activeConflicts, cap),
              config.database().pollInterval());
      poller.addCollector(side.confirmer());
      poller.start();
      return side;
    }
    Polling side =
        new Polling(
            poller,
            new DeviceKeysCollector(ids),
            new InboxCollector(ids),
            new AggregatesCollector(ids, cap, polling.aggregateExactMaxRows()),
            new EncryptedEventsScanner(
                registry,
                polling.encryptedEventsLookback().toMillis(),
                polling.encryptedEventsBatch()),
            new OtkConflictConfirmer(ids, log::activeConflicts, cap),
            config.database().pollInterval());
    poller.addCollector(side.deviceKeys());
    poller.addCollector(side.inboxCollector());
    poller.addCollector(
        new DelayedEventsCollector(
            ids,
            config.synapse().serverName(),
            polling.delayedEventGrace().toMillis(),
            cap,
            bounded.refusalsFor(
                DelayedEventsCollector.PENDING_FAMILY, config.devices().seriesIdleTtl())));
    poller.addCollector(side.confirmer());
    poller.addCollector(side.encryptedEvents());
    poller.addCollector(side.aggregates());
    // devices.user_agent names watched devices' clients; with the log off this side owns the table.
    DeviceClients clients =
        log.deviceClients()
            .orElseGet(
                () -> {
                  Duration ttl = config.devices().seriesIdleTtl();
                  DeviceClients own =
                      new DeviceClients(
                          cap, ttl.toMillis(), bounded.refusalsFor(DeviceClients.METRIC, ttl));
                  registry.register(own);
                  return own;
                });
    poller.addCollector(new DeviceAgentsCollector(clients, ids));
    poller.start();
    return side;
  }

  record Polling(
      DatabasePoller source,
      DeviceKeysCollector deviceKeys,
      InboxCollector inboxCollector,
      AggregatesCollector aggregates,
      EncryptedEventsScanner encryptedEvents,
      OtkConflictConfirmer confirmer,
      Duration pollInterval)
      implements DatabaseSide {
    @Override
    public DatabaseTime databaseTime() {
      return timeOf(source, pollInterval);
    }

    @Override
    public Map<DeviceRef, DeviceKeys> keys() {
      return deviceKeys.snapshot();
    }

    @Override
    public Map<DeviceRef, Backlog> inbox() {
      return inboxCollector.snapshot();
    }

    @Override
    public Map<DeviceRef, ConflictConfirmation> confirmations() {
      return confirmer.confirmations();
    }

    @Override
    public List<StaleTarget> staleTargets() {
      return aggregates.staleTargets();
    }

    @Override
    public List<MissingAlgorithm> eventsWithoutAlgorithm() {
      return encryptedEvents.recent();
    }
  }

  /**
   * A log-reading exporter on a worker host that looks up only the key ids its own logs saw
   * rejected (runbook Q1); every other database figure comes from the one polling exporter.
   */
  record Confirming(DatabasePoller source, OtkConflictConfirmer confirmer, Duration pollInterval)
      implements DatabaseSide {
    @Override
    public Map<DeviceRef, ConflictConfirmation> confirmations() {
      return confirmer.confirmations();
    }

    @Override
    public DatabaseTime databaseTime() {
      return timeOf(source, pollInterval);
    }
  }

  record Off() implements DatabaseSide {
    @Override
    public Source source() {
      return new DisabledSource("database");
    }
  }
}
