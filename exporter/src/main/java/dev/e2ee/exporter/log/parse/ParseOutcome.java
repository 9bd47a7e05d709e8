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
  EMPTY;

  /** Label value for {@code reason}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
