package dev.e2ee.exporter.replay;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How to replay: the time window ({@code from} inclusive, {@code to} exclusive, on the log's
 * clock), the backfill step, and the job and instance labels the backfilled series carry.
 */
public record ReplayOptions(
    @Nullable Instant from,
    @Nullable Instant to,
    Duration step,
    boolean backfill,
    String job,
    String instance) {}
