package dev.e2ee.exporter.runtime;

import dev.e2ee.exporter.probe.HealthProbe;
import org.jspecify.annotations.Nullable;

/**
 * The /health probe's readings as the console's Q4 panel takes them (the console knows no probe).
 */
final class ProbeReadings {
  private ProbeReadings() {}

  /** The probe's latest answer as the console's Q4 panel shows it; none without a probe. */
  static dev.e2ee.exporter.console.HealthProbe of(@Nullable HealthProbe probe) {
    if (probe == null) {
      return dev.e2ee.exporter.console.HealthProbe.NONE;
    }
    return () ->
        probe
            .latest()
            .map(
                r ->
                    new dev.e2ee.exporter.console.HealthProbe.Reading(
                        r.target(), r.latencySeconds(), r.failuresInWindow(), r.atMillis()));
  }
}
