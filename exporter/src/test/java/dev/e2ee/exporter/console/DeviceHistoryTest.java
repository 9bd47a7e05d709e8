package dev.e2ee.exporter.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.domain.DeviceRef;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The hour a device's card draws: counted minutes, unknown minutes, storm start, bounds. */
class DeviceHistoryTest {
  static final long MINUTE = 60_000;
  static final long T0 = 1_800_000_000_000L / MINUTE * MINUTE;
  static final DeviceRef STORM = new DeviceRef("@alice:hs", "STORM");

  @Test
  void conflictsPerMinuteWithQuietMinutesAsZerosAndUnreadMinutesUnknown() {
    DeviceHistory h = new DeviceHistory(10, 10 * MINUTE);
    for (int minute = 0; minute < 5; minute++) {
      for (int i = 0; i <= minute; i++) {
        h.conflict(STORM, T0 + minute * MINUTE + i * 1000L, T0);
      }
    }
    h.logReadUntil(T0 + 7 * MINUTE);
    double[] points = h.conflicts(STORM, T0 + 7 * MINUTE).orElseThrow().points();
    assertThat(points).hasSize(60);
    assertThat(Arrays.copyOfRange(points, 52, 60)).containsExactly(1, 2, 3, 4, 5, 0, 0, 0);
    assertThat(Arrays.stream(points, 0, 52).allMatch(Double::isNaN))
        .as("before the first line read nothing is known")
        .isTrue();
    // Asked later than the log was read: those minutes are unknown, not zero.
    double[] later = h.conflicts(STORM, T0 + 9 * MINUTE).orElseThrow().points();
    assertThat(later[59]).isNaN();
    assertThat(later[57]).isZero();
  }

  @Test
  void theStormStartIsTheFirstConflictAfterAQuietPeriod() {
    DeviceHistory h = new DeviceHistory(10, 10 * MINUTE);
    h.conflict(STORM, T0, T0);
    h.conflict(STORM, T0 + 5 * MINUTE, T0);
    assertThat(h.stormStart(STORM)).contains(T0);
    h.conflict(STORM, T0 + 16 * MINUTE, T0);
    assertThat(h.stormStart(STORM)).contains(T0 + 16 * MINUTE);
  }

  @Test
  void pendingMinutesNotPolledStayUnknown() {
    DeviceHistory h = new DeviceHistory(10, MINUTE);
    h.pending(STORM, 10, T0);
    h.pending(STORM, 30, T0 + 3 * MINUTE);
    double[] p = h.pending(STORM, T0 + 3 * MINUTE).orElseThrow().points();
    assertThat(p[56]).isEqualTo(10);
    assertThat(p[57]).isNaN();
    assertThat(p[58]).isNaN();
    assertThat(p[59]).isEqualTo(30);
  }

  @Test
  void devicesBeyondTheBoundAreRefusedAndCountedAndIdleOnesForgotten() {
    DeviceHistory h = new DeviceHistory(2, MINUTE);
    h.conflict(new DeviceRef("@a:hs", "A"), T0, T0);
    h.conflict(new DeviceRef("@b:hs", "B"), T0, T0);
    h.conflict(new DeviceRef("@c:hs", "C"), T0, T0);
    assertThat(h.size()).isEqualTo(2);
    assertThat(h.refused()).isEqualTo(1);
    assertThat(h.conflicts(new DeviceRef("@c:hs", "C"), T0)).isEmpty();
    h.expire(T0 + 61 * MINUTE);
    assertThat(h.size()).isZero();
  }

  @Test
  void trendInWords() {
    double[] rising = new double[60];
    double[] flat = new double[60];
    double[] unknown = new double[60];
    Arrays.fill(unknown, Double.NaN);
    for (int i = 0; i < 60; i++) {
      rising[i] = i;
      flat[i] = 100 + (i % 2);
    }
    assertThat(Trend.of(rising)).isEqualTo(Trend.RISING);
    assertThat(Trend.of(flat)).isEqualTo(Trend.FLAT);
    double[] falling = rising.clone();
    for (int i = 0; i < 60; i++) {
      falling[i] = 60 - i;
    }
    assertThat(Trend.of(falling)).isEqualTo(Trend.FALLING);
    assertThat(Trend.of(unknown)).isEqualTo(Trend.UNKNOWN);
    assertThat(Trend.UNKNOWN.words()).isNotEmpty();
  }
}
