package dev.e2ee.exporter.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runbook Q4's rule: the nearest-rank p99 decided from a count of requests above the threshold, and
 * the verdict over trouble minutes, with words that name the minutes it rests on.
 */
class Q4RuleTest {

  @ParameterizedTest(name = "{0} requests, {1} above: p99 above is {2}")
  @CsvSource({
    // requests, above the threshold, p99 above
    "0, 0, false", // nothing seen is not load
    "1, 0, false",
    "1, 1, true",
    "99, 1, true", // rank 99 of 99: the slowest one is the p99
    "100, 1, false", // rank 99 of 100: one slow request is the p100, not the p99
    "100, 2, true",
    "101, 1, false", // rank 100 of 101
    "101, 2, true",
    "200, 2, false", // rank 198 of 200
    "200, 3, true",
    "1000, 10, false",
    "1000, 11, true",
    "50, 50, true",
  })
  void p99AboveIsTheNearestRankOverSortedLatencies(
      long requests, long aboveThreshold, boolean above) {
    assertThat(Q4Rule.p99Above(requests, aboveThreshold)).isEqualTo(above);
  }

  @ParameterizedTest(name = "{0} trouble minutes, {1} loaded: {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0 | 0 | none            | no delayed-event request was abandoned or slow: KE-4 did not happen here
          1 | 1 | homeserver_load | all 1 minutes with abandoned or slow delayed-event requests had the homeserver's p99 (excluding /sync) above 2.0 s or a stall: homeserver responsiveness/load (runbook Q4 YES)
          7 | 7 | homeserver_load | all 7 minutes with abandoned or slow delayed-event requests had the homeserver's p99 (excluding /sync) above 2.0 s or a stall: homeserver responsiveness/load (runbook Q4 YES)
          4 | 0 | client_retry    | none of the 4 minutes with abandoned or slow delayed-event requests had the homeserver's p99 above 2.0 s or a stall: the client's MembershipManager retry behaviour (runbook Q4 NO)
          5 | 2 | mixed           | 2 of 5 minutes with abandoned or slow delayed-event requests had the homeserver's p99 above 2.0 s or a stall: both causes; read the rows
          7 | 1 | mixed           | 1 of 7 minutes with abandoned or slow delayed-event requests had the homeserver's p99 above 2.0 s or a stall: both causes; read the rows
          7 | 6 | mixed           | 6 of 7 minutes with abandoned or slow delayed-event requests had the homeserver's p99 above 2.0 s or a stall: both causes; read the rows
          """)
  void theVerdictFollowsTheLoadedTroubleMinutesAndItsWordsNameThem(
      long trouble, long loaded, String verdict, String words) {
    assertThat(Q4Rule.verdict(trouble, loaded)).isEqualTo(verdict);
    assertThat(Q4Rule.explanation(trouble, loaded)).isEqualTo(words);
  }
}
