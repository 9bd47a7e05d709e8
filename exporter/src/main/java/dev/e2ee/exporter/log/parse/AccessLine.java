package dev.e2ee.exporter.log.parse;

import org.jspecify.annotations.Nullable;

/** The fields of one access-log message, reused per line like {@link LogRecord}. */
public final class AccessLine {
  int requesterFrom;
  int requesterTo;
  private @Nullable String requester;
  double processingSeconds;
  double dbTxnSeconds;
  int status;
  boolean disconnected;
  String method = "";
  String text = "";
  int uriFrom;
  int afterUri;
  int end;

  /**
   * {@code @alice:example.org}, a server name for federation, {@code None}, or the user of an
   * {@code a|b} pair.
   */
  public String requester() {
    String r = requester;
    if (r == null) {
      // Made when asked: only key uploads and delayed events need it, and a copy per access line
      // was a twentieth of what a catch-up allocated.
      r = text.substring(requesterStart(), requesterTo);
      requester = r;
    }
    return r;
  }

  /** True when the requester is a local or remote user id (not {@code None} or a server). */
  public boolean requesterIsUser() {
    int from = requesterStart();
    if (from >= requesterTo || text.charAt(from) != '@') {
      return false;
    }
    int colon = text.indexOf(':', from);
    return colon > from + 1 && colon < requesterTo;
  }

  /** "<admin or appservice>|<user acted for>" names the user acted for. */
  private int requesterStart() {
    int pipe = text.indexOf('|', requesterFrom);
    return pipe < 0 || pipe >= requesterTo ? requesterFrom : pipe + 1;
  }

  /** Parsed into again: the requester of the last line is dropped. */
  void requesterAt(int from, int to) {
    requesterFrom = from;
    requesterTo = to;
    requester = null;
  }

  public double processingSeconds() {
    return processingSeconds;
  }

  public double dbTxnSeconds() {
    return dbTxnSeconds;
  }

  public int status() {
    return status;
  }

  /** The response was not fully sent: {@code 499!}, {@code 200!} (client went away). */
  public boolean disconnected() {
    return disconnected;
  }

  public String method() {
    return method;
  }

  /**
   * The user agent as logged (Synapse does not escape it, so it may hold quotes), or null when the
   * line carries none or was cut before it. Looked for only when asked: most lines never need it.
   */
  public @Nullable String userAgent() {
    int open = text.indexOf("\" \"", afterUri);
    if (open < 0 || open >= end) {
      return null;
    }
    int from = open + 3;
    int close = text.lastIndexOf("\" [", end);
    if (close < from) {
      close = text.lastIndexOf('"', end - 1);
    }
    if (close < from) {
      return null;
    }
    String agent = text.substring(from, close);
    return agent.isEmpty() || agent.equals("-") ? null : agent;
  }

  /** Path and query as logged (access_token already redacted by Synapse); never a label. */
  public String uri() {
    return text.substring(uriFrom, afterUri);
  }

  /** Classifies this request's path and query where they stand in the line, without a copy. */
  public void classify(RequestClassifier classifier) {
    classifier.classify(method, text, uriFrom, afterUri);
  }
}
