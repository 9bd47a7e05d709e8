package dev.e2ee.exporter.runtime;

/** Process exit codes, documented in the README. */
public final class ExitCodes {
  public static final int OK = 0;

  /** Something failed at run time: port in use, demo database would not start, ... */
  public static final int RUNTIME_FAILURE = 1;

  /** Bad command line or bad config file: the operator must change something. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
