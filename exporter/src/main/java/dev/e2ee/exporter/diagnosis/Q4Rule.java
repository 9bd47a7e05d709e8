package dev.e2ee.exporter.diagnosis;

/**
 * Runbook Q4 as one rule for every place that answers it (replay's report, the live console): do
 * the minutes in which delayed-event requests were abandoned or slow coincide with the homeserver's
 * own p99 (excluding long-polling /sync) above the alert rules' threshold, or with a stall (a
 * frozen homeserver: its processing times exclude the time requests waited, so only a silence
 * followed by abandoned requests, or a failing health probe, shows it)? Yes points at homeserver
 * load, no at the client's retry logic.
 */
public final class Q4Rule {
  /** The KE-4 alert rules' threshold on Synapse's p99 latency excluding /sync. */
  public static final double LOAD_THRESHOLD_SECONDS = 2.0;

  /** The recording rule's threshold for a slow delayed-event update or restart. */
  public static final double SLOW_DELAYED_SECONDS = 5.0;

  private Q4Rule() {}

  /**
   * Whether the nearest-rank p99 of {@code requests} latencies is above the threshold, from how
   * many of them were above it: the same answer as sorting them, without keeping them.
   */
  public static boolean p99Above(long requests, long aboveThreshold) {
    if (requests == 0) {
      return false;
    }
    long rank = (long) Math.ceil(0.99 * requests);
    return requests - aboveThreshold < rank;
  }

  /** {@code none}, {@code homeserver_load}, {@code client_retry} or {@code mixed}. */
  public static String verdict(long troubleMinutes, long loadedTroubleMinutes) {
    if (troubleMinutes == 0) {
      return "none";
    }
    if (loadedTroubleMinutes == troubleMinutes) {
      return "homeserver_load";
    }
    return loadedTroubleMinutes == 0 ? "client_retry" : "mixed";
  }

  /** The verdict in words, with the minutes it rests on. */
  public static String explanation(long troubleMinutes, long loadedTroubleMinutes) {
    return switch (verdict(troubleMinutes, loadedTroubleMinutes)) {
      case "none" -> "no delayed-event request was abandoned or slow: KE-4 did not happen here";
      case "homeserver_load" ->
          "all "
              + troubleMinutes
              + " minutes with abandoned or slow delayed-event requests had the homeserver's p99"
              + " (excluding /sync) above "
              + LOAD_THRESHOLD_SECONDS
              + " s or a stall: homeserver responsiveness/load (runbook Q4 YES)";
      case "client_retry" ->
          "none of the "
              + troubleMinutes
              + " minutes with abandoned or slow delayed-event requests had the homeserver's p99"
              + " above "
              + LOAD_THRESHOLD_SECONDS
              + " s or a stall: the client's MembershipManager retry behaviour (runbook Q4 NO)";
      default ->
          loadedTroubleMinutes
              + " of "
              + troubleMinutes
              + " minutes with abandoned or slow delayed-event requests had the homeserver's p99"
              + " above "
              + LOAD_THRESHOLD_SECONDS
              + " s or a stall: both causes; read the rows";
    };
  }
}
