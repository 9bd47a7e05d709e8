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
    int start = 0;
    String worker = null;
    if (!isDigit(line.charAt(0))) {
      int bar = line.indexOf(" | ");
      if (bar > 0 && bar < MAX_PREFIX) {
        int p = bar + 3;
        while (p < length && line.charAt(p) == ' ') {
          p++;
        }
        if (p < length && isDigit(line.charAt(p)) && isName(line, 0, bar)) {
          worker = line.substring(0, bar).strip();
          start = p;
        }
      }
      if (start == 0) {
        return ContinuationLines.looksLikeContinuation(line)
            ? ParseOutcome.CONTINUATION
            : ParseOutcome.UNRECOGNISED_LAYOUT;
      }
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
    int requestTo;
    int messageFrom;
    // Very old Synapse wrote "<request>- <message>". Its access message starts "- - 8008" when
    // there is no client address, which also reads as "<request> - <message>" with request
    // "POST-7-": a request id never ends with '-' (Synapse's are "POST-7", "sentinel",
    // "<process>-12"), so a trailing '-' means the old layout.
    boolean endsInDash = space > requestFrom && line.charAt(space - 1) == '-';
    if (space < 0) {
      return ParseOutcome.UNRECOGNISED_LAYOUT;
    } else if (endsInDash && (space - 1 > requestFrom || !line.startsWith(" - ", space))) {
      requestTo = space - 1;
      messageFrom = space + 1;
    } else if (line.startsWith(" - ", space)) {
      requestTo = space;
      messageFrom = space + 3;
    } else {
      return ParseOutcome.UNRECOGNISED_LAYOUT;
    }
    r.text = line;
    r.loggerFrom = loggerFrom;
    r.loggerTo = loggerTo;
    r.levelFrom = levelFrom;
    r.levelTo = levelTo;
    r.requestFrom = requestFrom;
    r.requestTo = requestTo;
    r.messageFrom = messageFrom;
    r.messageTo = length;
    r.timestampMillis = ts;
    r.worker = worker;
    return ParseOutcome.RECORD;
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
