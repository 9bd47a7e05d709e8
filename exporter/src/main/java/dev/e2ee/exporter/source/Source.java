package dev.e2ee.exporter.source;

/** Something the exporter reads from: a log file set or the database. */
public interface Source extends AutoCloseable {
  /** Short stable name used in status output, e.g. {@code log} or {@code database}. */
  String name();

  /** Current state; cheap, never blocks (called on the event loop). */
  SourceStatus status();

  /** Stops the source; must return within a second or two. */
  @Override
  void close();
}
