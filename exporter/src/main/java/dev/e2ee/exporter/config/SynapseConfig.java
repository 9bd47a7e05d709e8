package dev.e2ee.exporter.config;

import java.time.ZoneId;

/**
 * The {@code synapse:} section.
 *
 * @param health the live probe of Synapse's {@code /health}: off unless a URL is configured
 */
public record SynapseConfig(String serverName, ZoneId logTimezone, HealthProbeConfig health) {
  public SynapseConfig(String serverName, ZoneId logTimezone) {
    this(serverName, logTimezone, HealthProbeConfig.DEFAULTS);
  }
}
