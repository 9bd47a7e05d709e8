package dev.e2ee.exporter.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How to replay: the time window ({@code from} inclusive, {@code to} exclusive, on the log's
 * clock), the backfill step, and the target labels every backfilled series carries (job, instance
 * and any other a scrape config adds, such as the homeserver label), in order.
 */
public record ReplayOptions(
    @Nullable Instant from,
    @Nullable Instant to,
    Duration step,
    boolean backfill,
    Map<String, String> targetLabels) {
  public ReplayOptions {
    targetLabels = Map.copyOf(targetLabels);
  }
}
