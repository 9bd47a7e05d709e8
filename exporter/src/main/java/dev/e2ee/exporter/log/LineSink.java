package dev.e2ee.exporter.log;

import org.jspecify.annotations.Nullable;

/**
 * Where tailed lines go: the log program, or in tests a list. Every call comes from the one tailer
 * thread, in file order.
 */
public interface LineSink {
  /** One complete line of {@code source} (the file's path). */
  void accept(String source, String line);

  /** Called after every polling round, so time-based work (join timeouts) can run. */
  default void tick(long nowMillis) {}

  /**
   * Where whole reads may go as bytes, for a sink that splits lines on workers; null (every line
   * assembled on the tailer thread and handed to {@link #accept}) by default.
   */
  default @Nullable WholeReads wholeReads() {
    return null;
  }
}
