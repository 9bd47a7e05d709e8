package dev.e2ee.exporter.log.parse;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Synapse's output after syslog or rsyslog: {@code May 17 10:47:28 host matrix-synapse[147051]: }
 * followed by one of two shapes seen in Synapse users' reports - the journal formatter of the
 * Debian package, {@code synapse.access.http.8008: [GET-5] <message>} (no level, the request id in
 * brackets), or Python's default {@code INFO:synapse.access.https.8443:<message>} (no request id,
 * so lines of one request cannot be joined). The prefix carries neither year nor zone: the zone is
 * the configured one, the year the one that puts the time closest before the clock's now (a log
 * read in January still gives December's lines last year). The {@code ident[pid]} of the prefix
 * stands for the process, so request ids join per process as they do per worker.
 */
public final class SyslogRecordParser implements RecordParser {
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  private static final int STAMP = "May 17 10:47:28".length();

  private final ZoneId zone;
  private final Clock clock;
  private long cachedHourKey = -1;
  private long cachedHourMillis;

  public SyslogRecordParser(ZoneId zone, Clock clock) {
    this.zone = zone;
    this.clock = clock;
  }

  @Override
  public String layout() {
    return "syslog";
  }

  @Override
  public ParseOutcome parse(String line, LogRecord r) {
    if (line.isEmpty()) {
      return ParseOutcome.EMPTY;
    }
    long ts = timestamp(line);
    int bodyFrom = ts == Long.MIN_VALUE ? -1 : bodyStart(line);
    if (bodyFrom < 0) {
      return ContinuationLines.looksLikeContinuation(line)
          ? ParseOutcome.CONTINUATION
          : ParseOutcome.UNRECOGNISED_LAYOUT;
    }
    if (body(line, bodyFrom, r)) {
      r.text = line;
      r.timestampMillis = ts;
      r.worker = line.substring(line.indexOf(' ', STAMP + 1) + 1, bodyFrom - 2);
      return ParseOutcome.RECORD;
    }
    // A traceback line is prefixed like any other: whether it continues a record is decided on
    // what Synapse wrote (see synapseText).
    return ContinuationLines.looksLikeContinuation(line.substring(bodyFrom))
        ? ParseOutcome.CONTINUATION
        : ParseOutcome.UNRECOGNISED_LAYOUT;
  }

  @Override
  public String synapseText(String line) {
    int bodyFrom = timestamp(line) == Long.MIN_VALUE ? -1 : bodyStart(line);
    return bodyFrom < 0 || bodyFrom >= line.length() ? line : line.substring(bodyFrom);
  }

  /** Where the text after {@code host ident[pid]: } starts, or -1. */
  private static int bodyStart(String line) {
    int hostFrom = STAMP + 1;
    int hostTo = line.indexOf(' ', hostFrom);
    if (hostTo <= hostFrom) {
      return -1;
    }
    int identFrom = hostTo + 1;
    int colon = line.indexOf(": ", identFrom);
    if (colon <= identFrom || line.indexOf(' ', identFrom) < colon) {
      return -1;
    }
    return colon + 2;
  }

  /**
   * Synapse's line without asctime, from {@code from}: the journal shape or Python's default one.
   * Sets logger, level, request and message offsets; the caller sets text, time and worker.
   */
  static boolean body(String line, int from, LogRecord r) {
    return journalShape(line, from, r) || pythonShape(line, from, r);
  }

  /** {@code synapse.access.http.8008: [GET-5] message}: logger, request, no level. */
  private static boolean journalShape(String line, int from, LogRecord r) {
    int colon = line.indexOf(": [", from);
    if (colon <= from || !isLoggerName(line, from, colon)) {
      return false;
    }
    int requestFrom = colon + 3;
    int requestTo = line.indexOf("] ", requestFrom);
    if (requestTo < requestFrom) {
      return false;
    }
    r.loggerFrom = from;
    r.loggerTo = colon;
    r.levelFrom = from;
    r.levelTo = from;
    r.requestFrom = requestFrom;
    r.requestTo = requestTo;
    r.messageFrom = requestTo + 2;
    r.messageTo = line.length();
    return true;
  }

  /** {@code INFO:synapse.access.https.8443:message}: level, logger, no request. */
  private static boolean pythonShape(String line, int from, LogRecord r) {
    int levelTo = line.indexOf(':', from);
    if (levelTo <= from || !TextRecordParser.allUpper(line, from, levelTo)) {
      return false;
    }
    int loggerFrom = levelTo + 1;
    int loggerTo = line.indexOf(':', loggerFrom);
    if (loggerTo <= loggerFrom || !isLoggerName(line, loggerFrom, loggerTo)) {
      return false;
    }
    r.levelFrom = from;
    r.levelTo = levelTo;
    r.loggerFrom = loggerFrom;
    r.loggerTo = loggerTo;
    r.requestFrom = loggerTo;
    r.requestTo = loggerTo;
    r.messageFrom = loggerTo + 1;
    r.messageTo = line.length();
    return true;
  }

  /** {@code Mmm dd HH:mm:ss} (day space-padded) in the configured zone, or MIN_VALUE. */
  private long timestamp(String line) {
    if (line.length() <= STAMP || line.charAt(STAMP) != ' ') {
      return Long.MIN_VALUE;
    }
    int month = -1;
    for (int m = 0; m < MONTHS.length; m++) {
      if (line.startsWith(MONTHS[m])) {
        month = m + 1;
        break;
      }
    }
    if (month < 0 || line.charAt(3) != ' ' || line.charAt(9) != ':' || line.charAt(12) != ':') {
      return Long.MIN_VALUE;
    }
    int day = number(line, 4, 6);
    int hour = number(line, 7, 9);
    int minute = number(line, 10, 12);
    int second = number(line, 13, 15);
    if (day < 1 || hour < 0 || minute < 0 || second < 0) {
      return Long.MIN_VALUE;
    }
    if (hour > 23 || minute > 59 || second > 60) {
      return Long.MIN_VALUE;
    }
    // The zone offset and the guessed year are looked up once per local hour, as for Synapse's own
    // timestamps (an hour never straddles a DST change); the rest is arithmetic.
    long hourKey = (month * 100L + day) * 100L + hour;
    if (hourKey != cachedHourKey) {
      ZonedDateTime now = clock.instant().atZone(zone);
      try {
        ZonedDateTime at = LocalDateTime.of(now.getYear(), month, day, hour, 0).atZone(zone);
        // Without a year: a time more than a day ahead of now was written last year.
        if (at.isAfter(now.plusDays(1))) {
          at = at.minusYears(1);
        }
        cachedHourMillis = at.toInstant().toEpochMilli();
        cachedHourKey = hourKey;
      } catch (DateTimeException e) {
        return Long.MIN_VALUE; // Feb 30 and friends
      }
    }
    return cachedHourMillis + minute * 60_000L + second * 1000L;
  }

  private static int number(String s, int from, int to) {
    int value = 0;
    boolean digits = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == ' ' && !digits) {
        continue;
      }
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + c - '0';
      digits = true;
    }
    return digits ? value : -1;
  }

  private static boolean isLoggerName(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
