package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runbook Q4 per minute of a past log: which minutes are trouble (a delayed-event request abandoned
 * or slow), which of them were loaded (the homeserver's p99 without /sync above 2 s, or a stall),
 * and the verdict over them.
 */
class Q4Test {
  private static final double NO_REQUEST = Double.NaN;

  /**
   * One minute: {@code delayed} delayed-event requests (0.1 s each), {@code abandoned} and {@code
   * slow} of them, ten other requests taking {@code homeserverSeconds} (none when NaN), and a
   * stall.
   */
  private static IncidentRecorder.Minute minute(
      long index,
      int delayed,
      int abandoned,
      int slow,
      double homeserverSeconds,
      long stallMillis) {
    IncidentRecorder.Minute m = new IncidentRecorder.Minute(29_000_000L + index);
    m.delayedRequests = delayed;
    m.delayedDisconnects = abandoned;
    m.delayedSlow = slow;
    m.stallMillis = stallMillis;
    for (int i = 0; i < delayed; i++) {
      m.delayedSeconds.add(0.1);
    }
    for (int i = 0; !Double.isNaN(homeserverSeconds) && i < 10; i++) {
      m.nonSyncSeconds.add(homeserverSeconds);
    }
    return m;
  }

  static Stream<Arguments> minutes() {
    return Stream.of(
        Arguments.of(
            "a minute without delayed-event requests gives no row",
            List.of(minute(0, 0, 0, 0, 3.0, 0)),
            0,
            0,
            0,
            "none"),
        Arguments.of(
            "delayed requests all fine", List.of(minute(0, 4, 0, 0, 0.05, 0)), 1, 0, 0, "none"),
        Arguments.of(
            "abandoned while the homeserver's p99 is above 2 s",
            List.of(minute(0, 4, 1, 0, 2.5, 0)),
            1,
            1,
            1,
            "homeserver_load"),
        Arguments.of(
            "abandoned with the homeserver's p99 at exactly 2 s",
            List.of(minute(0, 4, 1, 0, 2.0, 0)),
            1,
            1,
            0,
            "client_retry"),
        Arguments.of(
            "a slow restart while the homeserver is fast",
            List.of(minute(0, 4, 0, 1, 0.05, 0)),
            1,
            1,
            0,
            "client_retry"),
        Arguments.of(
            "abandoned after a stall, no other request timed",
            List.of(minute(0, 4, 2, 0, NO_REQUEST, 20_000)),
            1,
            1,
            1,
            "homeserver_load"),
        Arguments.of(
            "abandoned with no other request and no stall",
            List.of(minute(0, 4, 2, 0, NO_REQUEST, 0)),
            1,
            1,
            0,
            "client_retry"),
        Arguments.of(
            "one loaded trouble minute, one not, one fine",
            List.of(
                minute(0, 4, 1, 0, 3.0, 0),
                minute(1, 4, 1, 0, 0.05, 0),
                minute(2, 4, 0, 0, 3.0, 0)),
            3,
            2,
            1,
            "mixed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("minutes")
  void verdictOverTheTroubleMinutes(
      String name,
      List<IncidentRecorder.Minute> minutes,
      int rows,
      long trouble,
      long loadedTrouble,
      String verdict) {
    Q4.Answer answer = Q4.answer(minutes);
    assertThat(answer.rows()).hasSize(rows);
    assertThat(answer.troubleMinutes()).isEqualTo(trouble);
    assertThat(answer.loadedTroubleMinutes()).isEqualTo(loadedTrouble);
    assertThat(answer.verdict()).isEqualTo(verdict);
    assertThat(answer.explanation()).isNotBlank();
  }

  @Test
  void eachRowSaysWhatItsMinuteHeld() {
    @SuppressWarnings("unchecked")
    List<IncidentRecorder.Minute> minutes =
        minutes().flatMap(a -> ((List<IncidentRecorder.Minute>) a.get()[1]).stream()).toList();
    List<IncidentRecorder.Minute> withRequests =
        minutes.stream().filter(m -> m.delayedRequests > 0).toList();
    List<Q4.Row> answer = Q4.answer(minutes).rows();
    assertThat(answer).hasSameSizeAs(withRequests);
    for (int i = 0; i < answer.size(); i++) {
      Q4.Row row = answer.get(i);
      IncidentRecorder.Minute m = withRequests.get(i);
      assertThat(row.minuteMillis()).isEqualTo(m.minute * 60_000L);
      assertThat(row.delayedRequests()).isEqualTo(m.delayedRequests);
      assertThat(row.disconnects()).isEqualTo(m.delayedDisconnects);
      assertThat(row.slow()).isEqualTo(m.delayedSlow);
      assertThat(row.trouble()).isEqualTo(m.delayedDisconnects + m.delayedSlow > 0);
      assertThat(row.delayedP50Seconds()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(row.homeserverRequests()).isEqualTo(m.nonSyncSeconds.size());
      assertThat(row.stallSeconds()).isEqualTo(m.stallMillis / 1000.0);
      if (m.nonSyncSeconds.size() == 0) {
        assertThat(row.homeserverP99Seconds()).isNaN();
      }
    }
  }
}
