package dev.e2ee.exporter.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * Runbook Q4 from the access lines alone: do the minutes in which delayed-event requests were
 * abandoned or slow coincide with the homeserver's own p99 (excluding long-polling /sync) above the
 * alert rules' threshold? Yes points at homeserver load, no at the client's retry logic.
 */
final class Q4 {
  /** The KE-4 alert rules' threshold on Synapse's p99 latency excluding /sync. */
  static final double LOAD_THRESHOLD_SECONDS = 2.0;

  /** The recording rule's threshold for a slow delayed-event update or restart. */
  static final double SLOW_DELAYED_SECONDS = 5.0;

  private Q4() {}

  /**
   * One minute with delayed-event requests.
   *
   * @param trouble a delayed-event request was abandoned (status logged with {@code !}) or an
   *     update/restart was slow
   * @param loaded the homeserver's p99 excluding /sync was above the threshold in that minute
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
      boolean trouble,
      boolean loaded) {}

  /** The verdict: {@code none}, {@code homeserver_load}, {@code client_retry} or {@code mixed}. */
  record Answer(List<Row> rows, long troubleMinutes, long loadedTroubleMinutes, String verdict) {
    String explanation() {
      return switch (verdict) {
        case "none" -> "no delayed-event request was abandoned or slow: KE-4 did not happen here";
        case "homeserver_load" ->
            "all "
                + troubleMinutes
                + " minutes with abandoned or slow delayed-event requests had the homeserver's p99"
                + " (excluding /sync) above "
                + LOAD_THRESHOLD_SECONDS
                + " s: homeserver responsiveness/load (runbook Q4 YES)";
        case "client_retry" ->
            "none of the "
                + troubleMinutes
                + " minutes with abandoned or slow delayed-event requests had the homeserver's p99"
                + " above "
                + LOAD_THRESHOLD_SECONDS
                + " s: the client's MembershipManager retry behaviour (runbook Q4 NO)";
        default ->
            loadedTroubleMinutes
                + " of "
                + troubleMinutes
                + " minutes with abandoned or slow delayed-event requests had the homeserver's p99"
                + " above "
                + LOAD_THRESHOLD_SECONDS
                + " s: both causes; read the rows";
      };
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
      boolean loaded = !Double.isNaN(p99) && p99 > LOAD_THRESHOLD_SECONDS;
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
              isTrouble,
              loaded));
    }
    String verdict;
    if (trouble == 0) {
      verdict = "none";
    } else if (loadedTrouble == trouble) {
      verdict = "homeserver_load";
    } else if (loadedTrouble == 0) {
      verdict = "client_retry";
    } else {
      verdict = "mixed";
    }
    return new Answer(rows, trouble, loadedTrouble, verdict);
  }
}
