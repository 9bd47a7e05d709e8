package dev.e2ee.exporter.config;

import java.time.Duration;

/**
 * What one client may hold of the listener: a connection that has not sent a whole request head
 * within {@code headerTimeout} is closed (a slow trickle included), an idle one after {@code
 * idleTimeout}, and connections beyond {@code maxConnections} are closed at once.
 */
public record LimitsConfig(Duration headerTimeout, Duration idleTimeout, int maxConnections) {
  public static final LimitsConfig DEFAULTS =
      new LimitsConfig(Duration.ofSeconds(10), Duration.ofSeconds(60), 64);
}
