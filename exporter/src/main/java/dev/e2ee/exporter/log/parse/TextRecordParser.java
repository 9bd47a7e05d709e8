package dev.e2ee.exporter.log.parse;

import java.time.ZoneId;

/**
 * Synapse's default text layout, the {@code precise} formatter: {@code %(asctime)s - %(name)s -
 * %(lineno)d - %(levelname)s - %(request)s - %(message)s}, optionally behind a {@code worker_name |
 * } or docker-compose {@code service | } prefix, and the very old {@code <request>- <message>}
 * form. Fields are located with {@code indexOf}; nothing is copied.
 */
public final class TextRecordParser implements RecordParser {
  private static final int MAX_PREFIX = 128;

  private final ZoneId zone;
  private final SynapseTimestamp timestamps;

  public TextRecordParser(ZoneId zone) {
    this.zone = zone;
    this.timestamps = new SynapseTimestamp(zone);
  }

  /** A line's outcome depends on the line alone (the timestamp cache is only a cache). */
  @Override
  public RecordParser statelessCopy() {
    return new TextRecordParser(zone);
  }

  @Override
  public boolean adopt(String parsedAs, ParseOutcome parsed) {
    return layout().equals(parsedAs);
  }

  @Override
  public String layout() {
    return "text";
  }

  @Override
  public ParseOutcome parse(String line, LogRecord r) {
    int length = line.length();
    if (length == 0) {
      return ParseOutcome.EMPTY;
    }
    int start = recordStart(line);
    if (start < 0) {
      return ContinuationLines.looksLikeContinuation(line)
          ? ParseOutcome.CONTINUATION
          : ParseOutcome.UNRECOGNISED_LAYOUT;
    }
    long ts = timestamps.parse(line, start);
    if (ts == Long.MIN_VALUE) {
      return ParseOutcome.UNRECOGNISED_LAYOUT;
    }
    int p = start + SynapseTimestamp.LENGTH;
    if (!line.startsWith(" - ", p)) {
      return ParseOutcome.UNRECOGNISED_LAYOUT;
    }
    int loggerFrom = p + 3;
    int loggerTo = line.indexOf(" - ", loggerFrom);
    if (loggerTo <= loggerFrom) {
      return ParseOutcome.UNRECOGNISED_LAYOUT;
    }
    int linenoFrom = loggerTo + 3;
    int linenoTo = line.indexOf(" - ", linenoFrom);
    if (linenoTo <= linenoFrom || !allDigits(line, linenoFrom, linenoTo)) {
      return ParseOutcome.UNRECOGNISED_LAYOUT;
    }
    int levelFrom = linenoTo + 3;
    int levelTo = line.indexOf(" - ", levelFrom);
    if (levelTo <= levelFrom || !allUpper(line, levelFrom, levelTo)) {
      return ParseOutcome.UNRECOGNISED_LAYOUT;
    }
    int requestFrom = levelTo + 3;
    int space = line.indexOf(' ', requestFrom);
    int messageFrom = messageStart(line, requestFrom, space);
    if (messageFrom < 0) {
      return ParseOutcome.UNRECOGNISED_LAYOUT;
    }
    r.text = line;
    r.loggerFrom = loggerFrom;
    r.loggerTo = loggerTo;
    r.levelFrom = levelFrom;
    r.levelTo = levelTo;
    r.requestFrom = requestFrom;
    r.requestTo = messageFrom == space + 1 ? space - 1 : space;
    r.messageFrom = messageFrom;
    r.messageTo = length;
    r.timestampMillis = ts;
    r.worker = start == 0 ? null : line.substring(0, line.indexOf(" | ")).strip();
    return ParseOutcome.RECORD;
  }

  /**
   * Where the timestamp starts: 0, or after a {@code worker_name | } prefix; -1 when the line
   * starts with neither.
   */
  private static int recordStart(String line) {
    if (isDigit(line.charAt(0))) {
      return 0;
    }
    int length = line.length();
    int bar = line.indexOf(" | ");
    if (bar > 0 && bar < MAX_PREFIX) {
      int p = bar + 3;
      while (p < length && line.charAt(p) == ' ') {
        p++;
      }
      if (p < length && isDigit(line.charAt(p)) && isName(line, 0, bar)) {
        return p;
      }
    }
    return -1;
  }

  /**
   * Where the message starts after the request id that starts at {@code requestFrom} and ends at
   * the first {@code space} after it (-1 when the line has no message there). The request then ends
   * at {@code space}, or at {@code space - 1} in the very old layout.
   */
  private static int messageStart(String line, int requestFrom, int space) {
    if (space < 0) {
      return -1;
    }
    // Very old Synapse wrote "<request>- <message>". Its access message starts "- - 8008" when
    // there is no client address, which also reads as "<request> - <message>" with request
    // "POST-7-": a request id never ends with '-' (Synapse's are "POST-7", "sentinel",
    // "<process>-12"), so a trailing '-' means the old layout.
    boolean endsInDash = space > requestFrom && line.charAt(space - 1) == '-';
    if (endsInDash && (space - 1 > requestFrom || !line.startsWith(" - ", space))) {
      return space + 1;
    } else if (line.startsWith(" - ", space)) {
      return space + 3;
    }
    return -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean allDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** A level name: capitals only ({@code INFO}, {@code WARNING}). */
  static boolean allUpper(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return true;
  }

  private static boolean isName(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ' ')) {
        return false;
      }
    }
    return true;
  }
}
