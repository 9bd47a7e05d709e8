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
    int end = r.messageTo;
    int open = s.indexOf(" - {", r.messageFrom);
    if (open < 0 || open >= end) {
      return false;
    }
    int processed = s.indexOf(PROCESSED, open);
    if (processed < 0 || processed >= end) {
      return false;
    }
    String requester = s.substring(open + 4, processed);
    int pipe = requester.indexOf('|');
    if (pipe >= 0) {
      requester = requester.substring(pipe + 1); // "<admin or appservice>|<user acted for>"
    }
    int p = processed + PROCESSED.length();
    // <proc>sec/<send>sec
    int sec = s.indexOf("sec/", p);
    if (sec < 0 || sec >= end) {
      return false;
    }
    double processing = seconds(s, p, sec);
    if (Double.isNaN(processing)) {
      return false;
    }
    p = s.indexOf(' ', sec);
    if (p < 0) {
      return false;
    }
    p++;
    // [ru=](<utime>sec, <stime>sec)
    if (s.startsWith("ru=", p)) {
      p += 3;
    }
    if (p >= end || s.charAt(p) != '(') {
      return false;
    }
    p = s.indexOf(") ", p);
    if (p < 0) {
      return false;
    }
    p += 2;
    // [db=](<sched>sec/<txn>sec/<count>)
    if (s.startsWith("db=", p)) {
      p += 3;
    }
    if (p >= end || s.charAt(p) != '(') {
      return false;
    }
    int firstSlash = s.indexOf("sec/", p);
    if (firstSlash < 0) {
      return false;
    }
    int txnFrom = firstSlash + 4;
    int txnTo = s.indexOf("sec/", txnFrom);
    if (txnTo < 0) {
      return false;
    }
    double dbTxn = seconds(s, txnFrom, txnTo);
    p = s.indexOf(") ", txnTo);
    if (p < 0 || Double.isNaN(dbTxn)) {
      return false;
    }
    p += 2;
    // <bytes>B
    int bytesEnd = s.indexOf("B ", p);
    if (bytesEnd < 0) {
      return false;
    }
    p = bytesEnd + 2;
    // <code>[!] (an old docs example shows !<code>)
    boolean disconnected = false;
    if (p < end && s.charAt(p) == '!') {
      disconnected = true;
      p++;
    }
    if (p + 3 > end) {
      return false;
    }
    int status = 0;
    for (int i = p; i < p + 3; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      status = status * 10 + d;
    }
    p += 3;
    if (p < end && s.charAt(p) == '!') {
      disconnected = true;
      p++;
    }
    if (!s.startsWith(" \"", p)) {
      return false;
    }
    p += 2;
    int methodEnd = s.indexOf(' ', p);
    if (methodEnd < 0 || methodEnd >= end) {
      return false;
    }
    int uriEnd = s.indexOf(' ', methodEnd + 1);
    if (uriEnd < 0 || uriEnd >= end) {
      return false;
    }
    into.requester = requester;
    into.processingSeconds = processing;
    into.dbTxnSeconds = dbTxn;
    into.status = status;
    into.disconnected = disconnected;
    into.method = method(s, p, methodEnd);
    into.uri = s.substring(methodEnd + 1, uriEnd);
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
