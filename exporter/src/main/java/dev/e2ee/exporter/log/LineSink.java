package dev.e2ee.exporter.log;

/**
 * Where tailed lines go: the log program, or in tests a list. Every call comes from the one tailer
 * thread, in file order.
 */
public interface LineSink {
  /** One complete line of {@code source} (the file's path). */
  void accept(String source, String line);

  /** Called after every polling round, so time-based work (join timeouts) can run. */
  default void tick(long nowMillis) {}
}
