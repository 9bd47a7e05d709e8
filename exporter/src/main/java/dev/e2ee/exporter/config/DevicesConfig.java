package dev.e2ee.exporter.config;

import java.time.Duration;

public record DevicesConfig(int activeDays, int maxDevices, Duration seriesIdleTtl) {
  /** The {@code devices:} section when the file leaves it out, and the values it falls back to. */
  public static final DevicesConfig DEFAULTS = new DevicesConfig(7, 500, Duration.ofHours(1));

  public DevicesConfig withMaxDevices(int maxDevices) {
    return new DevicesConfig(activeDays, maxDevices, seriesIdleTtl);
  }
}
