package dev.e2ee.exporter.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.console.DeviceHistory;
import dev.e2ee.exporter.domain.DeviceRef;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Relative times with the exact second, and sparklines that never draw a gap as zero. */
class TimesAndSparklineTest {
  static final long NOW = Instant.parse("2026-12-06T06:00:00Z").toEpochMilli();

  @Test
  void relativeWithTheExactUtcSecondOnHover() {
    assertThat(Times.element(NOW - 4 * 60_000 - 12_345, NOW))
        .isEqualTo(
            "<time datetime=\"2026-12-06T05:55:47Z\" title=\"2026-12-06 05:55:47 UTC\">4 min ago</time>");
    assertThat(Times.relative(NOW - 2_000, NOW)).isEqualTo("just now");
    assertThat(Times.relative(NOW - 42_000, NOW)).isEqualTo("42 s ago");
    assertThat(Times.relative(NOW - 3 * 3_600_000 - 5 * 60_000, NOW)).isEqualTo("3 h 5 min ago");
    assertThat(Times.relative(NOW - 50 * 3_600_000L, NOW)).isEqualTo("2 d 2 h ago");
    assertThat(Times.relative(NOW + 30_000, NOW)).isEqualTo("in 30 s");
  }

  @Test
  void observedMinutesAreJoinedAndUnobservedOnesLeftOut() {
    DeviceHistory h = new DeviceHistory(5, 600_000);
    DeviceRef d = new DeviceRef("@a:hs", "D");
    h.pending(d, 10, NOW - 3 * 60_000);
    h.pending(d, 20, NOW - 2 * 60_000);
    h.pending(d, 40, NOW);
    String svg = Sparkline.svg(h.pending(d, NOW).orElseThrow());
    assertThat(svg)
        .contains("data-points=\"3\"", "data-minutes=\"60\"")
        // Two observed minutes joined, the third alone (after an unobserved one) as a dot.
        .containsPattern("<polyline points=\"560,[0-9.]+ 570,[0-9.]+\"/>")
        .contains("<circle r=\"2\" cx=\"590\" cy=\"3.0\"/>")
        .contains("highest 40, latest 40");
  }
}
