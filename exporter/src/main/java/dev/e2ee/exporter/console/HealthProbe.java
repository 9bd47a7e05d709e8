package dev.e2ee.exporter.console;

import java.util.Optional;

/**
 * The homeserver's latency as a health probe measures it, beside the access lines' p99 in the Q4
 * panel. The exporter has no probe of its own yet: {@link #NONE} says so on the page; a probe plugs
 * in by implementing this (Exporter passes it to {@link Console}).
 */
@FunctionalInterface
public interface HealthProbe {
  HealthProbe NONE = Optional::empty;

  Optional<Reading> latest();

  /**
   * One probe result.
   *
   * @param latencySeconds how long the probe's request took (NaN when it failed)
   * @param failuresRecently failed probes within the Q4 window
   * @param atMillis when it was taken
   */
  record Reading(String target, double latencySeconds, long failuresRecently, long atMillis) {}
}
