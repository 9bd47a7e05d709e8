package dev.e2ee.exporter.evidence;

/**
 * The log's own clock: per source (a file, or a worker whose lines share a file), the time written
 * in the newest record read from it. Rules that measure time over log evidence ("quiet for the
 * quiet period") read this instead of the wall clock, so that a log read months after it was
 * written gives the answers it gave at the time; for a live log the two differ only by Synapse's
 * few seconds of buffering.
 */
@FunctionalInterface
public interface LogClock {
  /** A clock that knows no log: every rule falls back to the wall clock. */
  LogClock NONE = (source, fallback) -> fallback;

  /** The newest record time of {@code source}, or {@code fallback} when nothing of it was read. */
  long millis(String source, long fallback);
}
