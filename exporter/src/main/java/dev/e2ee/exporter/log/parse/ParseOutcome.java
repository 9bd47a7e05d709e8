package dev.e2ee.exporter.log.parse;

import java.util.Locale;

/**
 * What a line turned out to be. Only {@link #RECORD} lines are records; the rest are counted by
 * reason.
 */
public enum ParseOutcome {
  RECORD,
  /** A traceback or other continuation of the previous record. */
  CONTINUATION,
  /** No Synapse record layout recognised (syslog, journald, runit stamps, garbage). */
  UNRECOGNISED_LAYOUT,
  /** Looked like a JSON record but was not valid JSON or lacked its fields. */
  INVALID_JSON,
  /** Empty line. */
  EMPTY,
  /**
   * A piece of a longer line that the log driver split (Docker's json-file cuts lines at 16 KB):
   * held and joined with the next pieces, which make one record.
   */
  JOINED;

  /** Label value for {@code reason}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
