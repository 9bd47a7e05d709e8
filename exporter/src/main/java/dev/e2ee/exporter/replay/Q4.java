package dev.e2ee.exporter.replay;

import dev.e2ee.exporter.diagnosis.Q4Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * Runbook Q4 from the access lines alone, per minute of a past log, a minute with a stall ({@link
 * StallDetector}: a frozen homeserver, which its processing times do not show) counting as loaded;
 * the rule itself is {@link Q4Rule}, shared with the live console.
 */
final class Q4 {
  static final double LOAD_THRESHOLD_SECONDS = Q4Rule.LOAD_THRESHOLD_SECONDS;
  static final double SLOW_DELAYED_SECONDS = Q4Rule.SLOW_DELAYED_SECONDS;

  private Q4() {}

  /**
   * One minute with delayed-event requests.
   *
   * @param trouble a delayed-event request was abandoned (status logged with {@code !}) or an
   *     update/restart was slow
   * @param stallSeconds the silence of the log that abandoned requests of that minute followed (the
   *     homeserver stalled), 0 when none
   * @param loaded the homeserver's p99 excluding /sync was above the threshold in that minute, or
   *     it stalled
   */
  record Row(
      long minuteMillis,
      long delayedRequests,
      long disconnects,
      long slow,
      double delayedP50Seconds,
      double delayedP99Seconds,
      long homeserverRequests,
      double homeserverP99Seconds,
      double stallSeconds,
      boolean trouble,
      boolean loaded) {}

  /** The verdict: {@code none}, {@code homeserver_load}, {@code client_retry} or {@code mixed}. */
  record Answer(List<Row> rows, long troubleMinutes, long loadedTroubleMinutes, String verdict) {
    String explanation() {
      return Q4Rule.explanation(troubleMinutes, loadedTroubleMinutes);
    }
  }

  static Answer answer(Iterable<IncidentRecorder.Minute> minutes) {
    List<Row> rows = new ArrayList<>();
    long trouble = 0;
    long loadedTrouble = 0;
    for (IncidentRecorder.Minute m : minutes) {
      if (m.delayedRequests == 0) {
        continue;
      }
      double p99 = m.nonSyncSeconds.quantile(0.99);
      boolean isTrouble = m.delayedDisconnects > 0 || m.delayedSlow > 0;
      boolean loaded = (!Double.isNaN(p99) && p99 > LOAD_THRESHOLD_SECONDS) || m.stallMillis > 0;
      if (isTrouble) {
        trouble++;
        if (loaded) {
          loadedTrouble++;
        }
      }
      rows.add(
          new Row(
              m.minute * 60_000L,
              m.delayedRequests,
              m.delayedDisconnects,
              m.delayedSlow,
              m.delayedSeconds.quantile(0.5),
              m.delayedSeconds.quantile(0.99),
              m.nonSyncSeconds.size(),
              p99,
              m.stallMillis / 1000.0,
              isTrouble,
              loaded));
    }
    return new Answer(rows, trouble, loadedTrouble, Q4Rule.verdict(trouble, loadedTrouble));
  }
}
