package dev.e2ee.exporter.log.parse;

/**
 * Decides, per source, whether a line that is not a record continues the record before it (a
 * traceback, an indented message) or is a line of some other layout. A line by itself cannot tell:
 * the last line of a traceback ({@code psycopg2.errors.QueryCanceled: ...}) looks like nothing in
 * particular, and an indented line after no record at all is a paste or a foreign layout. So the
 * tracker remembers what came before: after a record, indented lines and traceback headers continue
 * it; inside a traceback, the first unindented line is the exception that ends it, and PostgreSQL's
 * {@code DETAIL:}/{@code HINT:} lines may follow. A record may also announce unindented lines of
 * its own: Synapse's input validation logs pydantic's "N validation errors for Model" followed by
 * one unindented location line per error (see {@link ContinuationLines#announcedLines}). Keeps
 * {@code unrecognised_layout} meaning "a line of a layout the exporter does not read".
 */
public final class ContinuationTracker {
  private enum State {
    NO_RECORD,
    AFTER_RECORD,
    IN_TRACEBACK,
    AFTER_EXCEPTION
  }

  private State state = State.NO_RECORD;

  /** Unindented lines the last record announced and that have not come yet. */
  private int announced;

  /** A record was parsed from this source. */
  public void record(LogRecord r) {
    state = State.AFTER_RECORD;
    announced = ContinuationLines.announcedLines(r);
  }

  /**
   * Refines what the line-by-line parser said about a line that is not a record: returns {@link
   * ParseOutcome#CONTINUATION} or {@link ParseOutcome#UNRECOGNISED_LAYOUT}; other outcomes (empty,
   * invalid JSON) are returned unchanged.
   */
  public ParseOutcome classify(String line, ParseOutcome parsed) {
    if (parsed != ParseOutcome.CONTINUATION && parsed != ParseOutcome.UNRECOGNISED_LAYOUT) {
      return parsed;
    }
    if (state == State.NO_RECORD) {
      return ParseOutcome.UNRECOGNISED_LAYOUT;
    }
    char first = line.charAt(0);
    if (announced > 0 && state == State.AFTER_RECORD && first != ' ' && first != '\t') {
      announced--; // "one_time_keys.signed_curve25519:AAAAZZ.str": the location of one error
      return ParseOutcome.CONTINUATION;
    }
    if (first == ' ' || first == '\t' || line.startsWith("--- <exception caught here> ---")) {
      return ParseOutcome
          .CONTINUATION; // a frame, source line, or indented message: state unchanged
    }
    if (line.startsWith("Traceback (most recent call last)")) {
      state = State.IN_TRACEBACK;
      return ParseOutcome.CONTINUATION;
    }
    if (line.startsWith("During handling of the above exception")
        || line.startsWith("The above exception was the direct cause")) {
      state = State.AFTER_RECORD;
      return ParseOutcome.CONTINUATION;
    }
    if (state == State.IN_TRACEBACK && (Character.isLetter(first) || first == '_')) {
      state = State.AFTER_EXCEPTION;
      return ParseOutcome
          .CONTINUATION; // "psycopg2.errors.QueryCanceled: ...", "KeyError: 'x'", "Failure"
    }
    if (state == State.AFTER_EXCEPTION && isPostgresDetail(line)) {
      return ParseOutcome.CONTINUATION;
    }
    if (parsed == ParseOutcome.CONTINUATION) {
      return ParseOutcome
          .CONTINUATION; // an exception line after a record (Twisted's failures print this way)
    }
    state = State.NO_RECORD;
    announced = 0;
    return ParseOutcome.UNRECOGNISED_LAYOUT;
  }

  private static boolean isPostgresDetail(String line) {
    return line.startsWith("DETAIL:")
        || line.startsWith("HINT:")
        || line.startsWith("CONTEXT:")
        || line.startsWith("QUERY:")
        || line.startsWith("WHERE:")
        || line.startsWith("LINE ");
  }
}
