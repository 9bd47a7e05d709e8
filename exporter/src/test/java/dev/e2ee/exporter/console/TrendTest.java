package dev.e2ee.exporter.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The last five observed minutes against the ten before them, with a tolerance of one per minute or
 * a tenth of the earlier level, and "unknown" with fewer than three observed minutes on a side.
 */
class TrendTest {
  /**
   * Sixty minutes: the ten earlier ones at {@code earlier}, the five recent ones at {@code recent};
   * {@code earlierSeen}/{@code recentSeen} of them observed, the rest NaN.
   */
  private static double[] minutes(double earlier, int earlierSeen, double recent, int recentSeen) {
    double[] points = new double[60];
    Arrays.fill(points, Double.NaN);
    for (int i = 0; i < earlierSeen; i++) {
      points[45 + i] = earlier;
    }
    for (int i = 0; i < recentSeen; i++) {
      points[59 - i] = recent;
    }
    return points;
  }

  @ParameterizedTest(name = "earlier {0} ({1} seen), recent {2} ({3} seen): {4}")
  @CsvSource({
    "0,    10, 0,    5, FLAT",
    "0,    10, 1,    5, FLAT",
    "0,    10, 1.5,  5, RISING",
    "5,    10, 3.5,  5, FALLING",
    "5,    10, 4,    5, FLAT",
    "100,  10, 110,  5, FLAT",
    "100,  10, 111,  5, RISING",
    "100,  10, 89,   5, FALLING",
    "100,  10, 90,   5, FLAT",
    "100,  3,  200,  3, RISING",
    "100,  2,  200,  5, UNKNOWN",
    "100,  10, 200,  2, UNKNOWN",
    "100,  0,  100,  0, UNKNOWN",
  })
  void directionOfTheLastMinutes(
      double earlier, int earlierSeen, double recent, int recentSeen, Trend expected) {
    assertThat(Trend.of(minutes(earlier, earlierSeen, recent, recentSeen))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"RISING, rising", "FLAT, flat", "FALLING, falling"})
  void wordsOnThePage(Trend trend, String words) {
    assertThat(trend.words()).isEqualTo(words);
    assertThat(Trend.UNKNOWN.words()).doesNotContain("flat", "rising", "falling");
  }

  @ParameterizedTest(name = "older minutes at {0}: still FLAT")
  @CsvSource({"0", "1000", "-1000"})
  void minutesBeforeTheLastFifteenDoNotCount(double older) {
    double[] points = minutes(7, 10, 7, 5);
    Arrays.fill(points, 0, 45, older);
    assertThat(Trend.of(points)).isEqualTo(Trend.FLAT);
  }
}
