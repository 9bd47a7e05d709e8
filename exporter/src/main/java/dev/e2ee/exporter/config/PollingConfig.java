package dev.e2ee.exporter.config;

import java.time.Duration;

/**
 * How the collectors poll: what is cheap runs every round, whole-table aggregates less often.
 *
 * @param aggregateExactMaxRows above this many rows (planner statistics) a whole-table aggregate is
 *     estimated from a sample or from the statistics, and says so, instead of read whole
 * @param role what this exporter reads of the database (database.role)
 */
public record PollingConfig(
    Duration aggregateInterval,
    Duration delayedEventGrace,
    Duration encryptedEventsLookback,
    int encryptedEventsBatch,
    int aggregateExactMaxRows,
    DatabaseRole role) {
  /** The database keys of polling when the file leaves them out, as every section's DEFAULTS. */
  public static final PollingConfig DEFAULTS =
      new PollingConfig(
          Duration.ofMinutes(5),
          Duration.ofSeconds(10),
          Duration.ofDays(7),
          5000,
          1_000_000,
          DatabaseRole.POLL);

  public PollingConfig(
      Duration aggregateInterval,
      Duration delayedEventGrace,
      Duration encryptedEventsLookback,
      int encryptedEventsBatch) {
    this(
        aggregateInterval,
        delayedEventGrace,
        encryptedEventsLookback,
        encryptedEventsBatch,
        DEFAULTS.aggregateExactMaxRows(),
        DEFAULTS.role());
  }
}
