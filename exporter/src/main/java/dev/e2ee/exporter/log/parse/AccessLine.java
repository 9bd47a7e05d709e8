package dev.e2ee.exporter.log.parse;

/** The fields of one access-log message, reused per line like {@link LogRecord}. */
public final class AccessLine {
  String requester = "";
  double processingSeconds;
  double dbTxnSeconds;
  int status;
  boolean disconnected;
  String method = "";
  String uri = "";

  /**
   * {@code @alice:example.org}, a server name for federation, {@code None}, or the user of an
   * {@code a|b} pair.
   */
  public String requester() {
    return requester;
  }

  /** True when the requester is a local or remote user id (not {@code None} or a server). */
  public boolean requesterIsUser() {
    return requester.startsWith("@") && requester.indexOf(':') > 1;
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

  /** Path and query as logged (access_token already redacted by Synapse); never a label. */
  public String uri() {
    return uri;
  }
}
