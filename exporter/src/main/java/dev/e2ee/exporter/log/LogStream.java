package dev.e2ee.exporter.log;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One kind of place Synapse's lines come from (the configured files, or journald), as {@link
 * LogSource} drives it: polled on the tailer thread, checkpointed into the positions file, and
 * summed up for the status page. A new kind of stream is one more implementation.
 */
interface LogStream {
  /** Starts what runs beside the tailer thread, if anything (journalctl). */
  default void start() {}

  /** One polling round: hands every line available now to the sink. */
  void poll();

  /** Adds where this stream stands to what the positions file will hold. */
  void checkpoint(long now, Map<String, Positions.Entry> entries, Map<String, String> cursors);

  /** Whether the stream can deliver lines now. */
  boolean up();

  /** What the status page says of the stream; empty when there is nothing to say. */
  String detail();

  /** When the stream last delivered a line, where it keeps track. */
  default Optional<Instant> lastLineAt() {
    return Optional.empty();
  }

  void close();
}
