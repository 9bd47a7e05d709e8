package dev.e2ee.exporter.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sixty minutes of one figure: counts fill skipped minutes with known zeros (a log read in order),
 * levels leave skipped minutes unknown (a database that was down), and nothing outside what was
 * seen is ever drawn as a number.
 */
class MinuteRingTest {
  private static final long M = 29_000_000L; // a minute number in 2025, far from zero

  private static double at(MinuteRing ring, long now, long minute) {
    return ring.points(now)[(int) (minute - (now - 59))];
  }

  @Test
  void anEmptyRingKnowsNothing() {
    MinuteRing ring = new MinuteRing();
    assertThat(ring.points(M)).hasSize(60).containsOnly(Double.NaN);
    assertThat(ring.newestMinute()).isEqualTo(Long.MIN_VALUE);
  }

  /**
   * Two values in minute 0 and one in minute 3, as counts (they add up, the minutes between are
   * known zeros) or as levels (the latest wins, the minutes between stay unknown).
   */
  @ParameterizedTest(name = "{0}: {1} {2} {3} {4}")
  @CsvSource(
      textBlock =
          """
          count,   5,  0,   0,   1
          observe, 3,  NaN, NaN, 1
          """)
  void countsFillTheGapWithZerosLevelsLeaveItUnknown(
      String how, double m0, double m1, double m2, double m3) {
    MinuteRing ring = new MinuteRing();
    boolean count = how.equals("count");
    for (long[] value : new long[][] {{0, 2}, {0, 3}, {3, 1}}) {
      if (count) {
        ring.count(M + value[0], value[1]);
      } else {
        ring.observe(M + value[0], value[1]);
      }
    }
    assertThat(ring.newestMinute()).isEqualTo(M + 3);
    assertThat(ring.points(M + 3)).endsWith(Double.NaN, m0, m1, m2, m3);
  }

  @Test
  void minutesAfterTheNewestAreUnknownNotZero() {
    MinuteRing ring = new MinuteRing();
    ring.count(M, 4);
    assertThat(at(ring, M + 5, M)).isEqualTo(4);
    for (long m = M + 1; m <= M + 5; m++) {
      assertThat(at(ring, M + 5, m)).as("minute %d", m - M).isNaN();
    }
  }

  @Test
  void coverUntilMarksAQuietLogAsZerosButOnlyAfterAFirstValue() {
    MinuteRing ring = new MinuteRing();
    ring.coverUntil(M);
    assertThat(ring.newestMinute()).isEqualTo(Long.MIN_VALUE);
    ring.count(M, 1);
    ring.coverUntil(M + 2);
    assertThat(ring.newestMinute()).isEqualTo(M + 2);
    assertThat(at(ring, M + 2, M + 1)).isZero();
    assertThat(at(ring, M + 2, M + 2)).isZero();
  }

  @Test
  void aLateValueInsideTheWindowLandsOutsideItIsDropped() {
    MinuteRing ring = new MinuteRing();
    ring.count(M + 100, 1);
    ring.count(M + 100 - 59, 6);
    ring.count(M + 100 - 60, 9);
    assertThat(at(ring, M + 100, M + 41)).isEqualTo(6);
    assertThat(ring.points(M + 100)).doesNotContain(9.0, 15.0);
    assertThat(ring.newestMinute()).isEqualTo(M + 100);
  }

  @Test
  void aJumpOfMoreThanAnHourForgetsEverything() {
    MinuteRing ring = new MinuteRing();
    ring.observe(M, 5);
    ring.observe(M + 200, 8);
    double[] points = ring.points(M + 200);
    assertThat(points[59]).isEqualTo(8);
    assertThat(java.util.Arrays.copyOf(points, 59)).containsOnly(Double.NaN);
  }

  @Test
  void countsSaturateInsteadOfWrapping() {
    MinuteRing ring = new MinuteRing();
    ring.count(M, Integer.MAX_VALUE);
    ring.count(M, 10);
    ring.observe(M + 1, Long.MIN_VALUE);
    assertThat(at(ring, M + 1, M)).isEqualTo(Integer.MAX_VALUE);
    assertThat(at(ring, M + 1, M + 1)).isEqualTo(Integer.MIN_VALUE);
  }
}
