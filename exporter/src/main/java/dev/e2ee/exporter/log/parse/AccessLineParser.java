package dev.e2ee.exporter.log.parse;

/**
 * Parses the message of a {@code synapse.access.http(s).<tag>} record, in both shapes:
 *
 * <pre>
 * ip - tag - {requester} Processed request: 0.012sec/0.001sec ru=(0.008sec, 0.001sec) db=(0.000sec/0.004sec/2) 63B 400 "POST /path HTTP/1.1" "agent" [0 dbevts]
 * ip - tag - {requester} Processed request: 0.012sec/0.001sec (0.008sec, 0.001sec) (0.000sec/0.004sec/2) 63B 400 "POST /path HTTP/1.1" "agent" [0 dbevts]
 * </pre>
 *
 * Hand-written rather than a regex: this runs for most lines of a busy homeserver's log. The user
 * agent is not escaped by Synapse and is never read.
 */
public final class AccessLineParser {
  private static final String PROCESSED = "} Processed request: ";
  private static final String[] METHODS = {
    "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH"
  };

  /** Parses the message of {@code r} into {@code into}; false when it is not an access message. */
  public boolean parse(LogRecord r, AccessLine into) {
    String s = r.text;
    Cursor c = new Cursor(s, r.messageFrom, r.messageTo);
    // ip - tag - {requester} Processed request:
    if (!c.skipPast(" - {")) {
      return false;
    }
    int requesterFrom = c.position();
    if (!c.skipPast(PROCESSED)) {
      return false;
    }
    int requesterTo = c.position() - PROCESSED.length();
    // <proc>sec/<send>sec
    double processing = c.secondsUntil("sec/");
    if (Double.isNaN(processing) || !c.skipPast(' ')) {
      return false;
    }
    // [ru=](<utime>sec, <stime>sec)
    c.expect("ru=");
    if (!c.expect('(') || !c.skipPast(") ")) {
      return false;
    }
    // [db=](<sched>sec/<txn>sec/<count>)
    c.expect("db=");
    if (!c.expect('(') || !c.skipPast("sec/")) {
      return false;
    }
    double dbTxn = c.secondsUntil("sec/");
    // <bytes>B
    if (Double.isNaN(dbTxn) || !c.skipPast(") ") || !c.skipPast("B ")) {
      return false;
    }
    // <code>[!] (an old docs example shows !<code>)
    boolean disconnected = c.expect('!');
    int status = c.threeDigits();
    if (status < 0) {
      return false;
    }
    disconnected |= c.expect('!');
    // "<method> <uri> <protocol>"
    if (!c.expect(" \"")) {
      return false;
    }
    int methodFrom = c.position();
    if (!c.skipPast(' ')) {
      return false;
    }
    int uriFrom = c.position();
    if (!c.skipPast(' ')) {
      return false;
    }
    into.requesterAt(requesterFrom, requesterTo);
    into.processingSeconds = processing;
    into.dbTxnSeconds = dbTxn;
    into.status = status;
    into.disconnected = disconnected;
    into.method = method(s, methodFrom, uriFrom - 1);
    into.uriFrom = uriFrom;
    into.text = s;
    into.afterUri = c.position() - 1;
    into.end = r.messageTo;
    return true;
  }

  private static String method(String s, int from, int to) {
    // Interned constants for the common methods: no allocation, and a bounded label.
    for (String m : METHODS) {
      if (to - from == m.length() && s.startsWith(m, from)) {
        return m;
      }
    }
    return "other";
  }

  /** Parses "[-]digits[.digits]" between from and to; NaN if it is not a number. */
  static double seconds(String s, int from, int to) {
    if (from >= to) {
      return Double.NaN;
    }
    boolean negative = s.charAt(from) == '-';
    int i = negative ? from + 1 : from;
    long whole = 0;
    long fraction = 0;
    long scale = 1;
    boolean dot = false;
    boolean any = false;
    for (; i < to; i++) {
      char c = s.charAt(i);
      if (c == '.' && !dot) {
        dot = true;
      } else if (c >= '0' && c <= '9') {
        any = true;
        if (dot) {
          if (scale < 1_000_000_000L) {
            fraction = fraction * 10 + (c - '0');
            scale *= 10;
          }
        } else {
          whole = whole * 10 + (c - '0');
        }
      } else {
        return Double.NaN;
      }
    }
    if (!any) {
      return Double.NaN;
    }
    double value = whole + (double) fraction / scale;
    return negative ? -value : value;
  }
}
