package dev.e2ee.exporter.console;

import dev.e2ee.exporter.diagnosis.Q4Rule;

/**
 * Runbook Q4 over the last minutes of the log, for the console and the JSON API.
 *
 * @param newestMinuteMillis the log minute the window ends with
 * @param requestsNewestMinute non-/sync requests in that minute
 * @param p99NewestMinuteSeconds their p99 (bucket upper bound), NaN without requests
 * @param loadedNewestMinute that p99 is above the load threshold (exact, as replay decides)
 * @param troubleMinutes minutes with an abandoned or slow delayed-event request
 * @param loadedTroubleMinutes of those, minutes with the homeserver's p99 above the threshold
 */
public record Q4Now(
    long newestMinuteMillis,
    int windowMinutes,
    long requestsNewestMinute,
    double p99NewestMinuteSeconds,
    boolean loadedNewestMinute,
    long delayedRequests,
    long abandoned,
    long slow,
    long troubleMinutes,
    long loadedTroubleMinutes) {

  /** No access line read yet: Q4 cannot be answered. */
  public static final Q4Now NOTHING_READ =
      new Q4Now(Long.MIN_VALUE, LiveQ4.WINDOW_MINUTES, 0, Double.NaN, false, 0, 0, 0, 0, 0);

  public boolean answered() {
    return newestMinuteMillis != Long.MIN_VALUE;
  }

  public String verdict() {
    return answered() ? Q4Rule.verdict(troubleMinutes, loadedTroubleMinutes) : "unknown";
  }

  public String explanation() {
    return answered()
        ? Q4Rule.explanation(troubleMinutes, loadedTroubleMinutes)
        : "no access line has been read yet: Q4 cannot be answered";
  }
}
