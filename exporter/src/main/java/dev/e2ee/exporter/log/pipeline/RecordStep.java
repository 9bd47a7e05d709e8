package dev.e2ee.exporter.log.pipeline;

import dev.e2ee.exporter.log.parse.LogRecord;
import org.jspecify.annotations.Nullable;

/**
 * What the consumer of parsed lines works out from one record alone (no state across lines), run on
 * the workers after the parse so that the single consuming thread only counts.
 */
@FunctionalInterface
public interface RecordStep {
  /** Nothing worked out ahead: the consumer does it all. */
  RecordStep NONE = r -> null;

  /** The facts of {@code record}, or null when there is nothing to work out. */
  @Nullable Object of(LogRecord record);
}
