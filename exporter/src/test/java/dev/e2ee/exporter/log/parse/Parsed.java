package dev.e2ee.exporter.log.parse;

import java.time.Instant;

/**
 * One line's parse as one readable string, so a table-driven parser test states its expectation in
 * a single cell: {@code time | worker | logger | level | request | message start}, "-" for an empty
 * field, or the {@link ParseOutcome} when the line is not a record.
 */
final class Parsed {
  private static final int MESSAGE_START = 48;

  private Parsed() {}

  static String describe(RecordParser parser, String line) {
    LogRecord r = new LogRecord();
    ParseOutcome outcome = parser.parse(line, r);
    return outcome == ParseOutcome.RECORD ? describe(r) : outcome.name();
  }

  static String describe(LogRecord r) {
    String message = r.message();
    return String.join(
        " | ",
        Instant.ofEpochMilli(r.timestampMillis()).toString(),
        orDash(r.worker()),
        orDash(r.logger()),
        orDash(r.level()),
        orDash(r.request()),
        message.length() > MESSAGE_START ? message.substring(0, MESSAGE_START) : message);
  }

  private static String orDash(@org.jspecify.annotations.Nullable String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }
}
