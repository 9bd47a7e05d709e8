package dev.e2ee.exporter.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How the exporter asks Synapse whether it answers at all: a frozen homeserver logs nothing and its
 * processing times leave the frozen time out, so only a probe from outside sees it.
 *
 * @param url {@code synapse.health_url}; empty: no probe
 */
public record HealthProbeConfig(Optional<URI> url, Duration interval, Duration timeout) {
  /** No probe, and the interval and timeout the keys fall back to. */
  public static final HealthProbeConfig DEFAULTS =
      new HealthProbeConfig(Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(2));

  /** The same schedule, probing {@code url}. */
  public HealthProbeConfig withUrl(URI url) {
    return new HealthProbeConfig(Optional.of(url), interval, timeout);
  }
}
