package dev.e2ee.exporter.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The capture the Alertmanager webhook takes when a KE alert fires.
 *
 * @param directory where bundles go; without it the webhook answers but captures nothing
 * @param minInterval at most one bundle per device within this time
 * @param maxConcurrent bundles written at the same time
 * @param maxBytes the bundles' total size; the oldest are removed first beyond it
 * @param windowBefore how far before the alert's startsAt the log slice begins
 */
public record CaptureConfig(
    Optional<Path> directory,
    Duration minInterval,
    int maxConcurrent,
    long maxBytes,
    Duration windowBefore) {
  public static final CaptureConfig DEFAULTS =
      new CaptureConfig(
          Optional.empty(), Duration.ofMinutes(30), 2, 1L << 30, Duration.ofMinutes(30));

  public boolean enabled() {
    return directory.isPresent();
  }
}
