package dev.e2ee.exporter.db;

import dev.e2ee.exporter.config.DatabaseRole;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Every database collector, by name, in the manner of postgres_exporter's registry: which {@code
 * database.role}s run it, how often, and how it is built. The poller runs them in this order. A new
 * figure is one collector class in this package plus one entry here. (The session check and the
 * schema version are the poller's own and run in every role.)
 */
public final class CollectorRegistry {
  private CollectorRegistry() {}

  /** What a collector reads, which decides when it runs. */
  public enum Scope {
    /** The watched devices' rows, every round. */
    PER_DEVICE,
    /** A bounded read that does not depend on the device list, every round. */
    EVERY_ROUND,
    /** Whole-table figures, every {@code aggregate_interval} instead of every round. */
    WHOLE_TABLE
  }

  /** One collector: its name (the {@code collector} label), roles, scope and factory. */
  public record Entry(
      String name,
      Set<DatabaseRole> roles,
      Scope scope,
      Function<CollectorInputs, DbCollector> factory) {}

  private static final Set<DatabaseRole> POLL = EnumSet.of(DatabaseRole.POLL);
  private static final Set<DatabaseRole> EVERY_ROLE = EnumSet.allOf(DatabaseRole.class);

  public static final List<Entry> ENTRIES =
      List.of(
          new Entry("device_keys", POLL, Scope.PER_DEVICE, in -> new DeviceKeysCollector(in.ids())),
          new Entry("device_inbox", POLL, Scope.PER_DEVICE, in -> new InboxCollector(in.ids())),
          new Entry(
              "delayed_events",
              POLL,
              Scope.EVERY_ROUND,
              in ->
                  new DelayedEventsCollector(
                      in.ids(),
                      in.config().synapse().serverName(),
                      in.polling().delayedEventGrace().toMillis(),
                      in.maxDevices(),
                      in.bounded()
                          .refusalsFor(
                              DelayedEventsCollector.PENDING_FAMILY,
                              in.config().devices().seriesIdleTtl()))),
          // The confirmer names its own devices (those the logs saw in conflict): both roles.
          new Entry(
              "otk_conflict_confirm",
              EVERY_ROLE,
              Scope.EVERY_ROUND,
              in -> new OtkConflictConfirmer(in.ids(), in.activeConflicts(), in.maxDevices())),
          new Entry(
              "encrypted_events",
              POLL,
              Scope.EVERY_ROUND,
              in ->
                  new EncryptedEventsScanner(
                      in.registry(),
                      in.polling().encryptedEventsLookback().toMillis(),
                      in.polling().encryptedEventsBatch())),
          new Entry(
              "aggregates",
              POLL,
              Scope.WHOLE_TABLE,
              in ->
                  new AggregatesCollector(
                      in.ids(), in.maxDevices(), in.polling().aggregateExactMaxRows())),
          new Entry(
              "device_agents",
              POLL,
              Scope.PER_DEVICE,
              in -> new DeviceAgentsCollector(in.clients().get(), in.ids())));

  /** The entries a role runs, in registry order. */
  public static List<Entry> forRole(DatabaseRole role) {
    return ENTRIES.stream().filter(entry -> entry.roles().contains(role)).toList();
  }
}
