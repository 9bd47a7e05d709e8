package dev.e2ee.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.e2ee.exporter.testing.MutableClock;
import io.prometheus.metrics.core.metrics.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cap on one metric's series, driven through admit/expire/forget as BoundedMetrics does. */
class SeriesLimiterTest {
  static final String OVER = SeriesLimiter.OVERFLOW;
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T06:55:43Z"));
  final Counter dropped = Counter.builder().name("synapse_e2ee_test_dropped").build();
  final List<List<String>> removed = new ArrayList<>();

  /** Made per live series: the label values handed to the metric for its data point. */
  final List<List<String>> made = new ArrayList<>();

  SeriesLimiter<List<String>> limiter(int cap) {
    return new SeriesLimiter<>(
        "synapse_e2ee_test_claims",
        List.of("user", "device", "algorithm"),
        List.of("user", "device"),
        cap,
        Duration.ofMinutes(10),
        clock,
        new Refusals(dropped, Duration.ofMinutes(10), clock),
        values -> {
          made.add(List.of(values));
          return List.of(values);
        },
        values -> removed.add(List.of(values)));
  }

  static List<String> admitted(SeriesLimiter<List<String>> limiter, String user, String device) {
    return limiter.admit(user, device, "signed_curve25519");
  }

  @Test
  void beyondTheCapOnlyIdentityLabelsBecomeOverflowAndTheRefusalIsCounted() {
    SeriesLimiter<List<String>> limiter = limiter(2);
    assertThat(admitted(limiter, "@alice:compat.test", "A"))
        .containsExactly("@alice:compat.test", "A", "signed_curve25519");
    assertThat(admitted(limiter, "@bob:compat.test", "B"))
        .containsExactly("@bob:compat.test", "B", "signed_curve25519");
    assertThat(admitted(limiter, "@storm:compat.test", "S"))
        .containsExactly(OVER, OVER, "signed_curve25519");
    // An existing series is still admitted when the cap is full.
    assertThat(admitted(limiter, "@alice:compat.test", "A"))
        .containsExactly("@alice:compat.test", "A", "signed_curve25519");
    assertThat(dropped.get()).isEqualTo(1);
    assertThat(limiter.size()).isEqualTo(3); // two real series and the overflow series
  }

  @Test
  void theOverflowSeriesDoesNotTakeARealSeriesPlace() {
    SeriesLimiter<List<String>> limiter = limiter(1);
    admitted(limiter, "@alice:compat.test", "A");
    admitted(limiter, "@storm:compat.test", "S");
    clock.advance(Duration.ofMinutes(11));
    admitted(limiter, "@alice:compat.test", "A"); // keeps alice, lets the overflow series idle
    assertThat(limiter.expireIdle()).isEqualTo(1);
    assertThat(removed).containsExactly(List.of(OVER, OVER, "signed_curve25519"));
    // Alice still holds the only place.
    assertThat(admitted(limiter, "@bob:compat.test", "B")).startsWith(OVER, OVER);
  }

  @Test
  void idleSeriesExpireAndFreeTheirPlace() {
    SeriesLimiter<List<String>> limiter = limiter(1);
    admitted(limiter, "@alice:compat.test", "A");
    clock.advance(Duration.ofMinutes(10));
    assertThat(limiter.expireIdle()).isZero(); // exactly at the TTL is not yet idle past it
    clock.advance(Duration.ofMillis(1));
    assertThat(limiter.expireIdle()).isEqualTo(1);
    assertThat(removed).containsExactly(List.of("@alice:compat.test", "A", "signed_curve25519"));
    assertThat(admitted(limiter, "@bob:compat.test", "B")).startsWith("@bob:compat.test", "B");
  }

  @Test
  void aForgottenDeviceFreesItsPlaceAtOnce() {
    SeriesLimiter<List<String>> limiter = limiter(1);
    admitted(limiter, "@alice:compat.test", "A");
    limiter.forget("@alice:compat.test", "A", "signed_curve25519");
    limiter.forget("@alice:compat.test", "A", "signed_curve25519"); // twice is harmless
    assertThat(removed).hasSize(1);
    assertThat(admitted(limiter, "@bob:compat.test", "B")).startsWith("@bob:compat.test", "B");
    assertThat(dropped.get()).isZero();
  }

  @Test
  void aSeriesDataPointIsMadeOnceWhileItLivesAndAgainAfterItWent() {
    SeriesLimiter<List<String>> limiter = limiter(1);
    String[] values = {"@alice:compat.test", "A", "signed_curve25519"};
    limiter.admit(values);
    values[1] = "changed by the caller afterwards"; // the limiter keeps a copy, not the array
    admitted(limiter, "@alice:compat.test", "A");
    admitted(limiter, "@storm:compat.test", "S");
    admitted(limiter, "@other:compat.test", "O"); // the same overflow series: made once
    assertThat(made)
        .containsExactly(
            List.of("@alice:compat.test", "A", "signed_curve25519"),
            List.of(OVER, OVER, "signed_curve25519"));
    limiter.forget("@alice:compat.test", "A", "signed_curve25519");
    admitted(limiter, "@alice:compat.test", "A"); // a removed series' data point is not reused
    assertThat(made).hasSize(3).last().isEqualTo(made.get(0));
    assertThat(dropped.get()).isEqualTo(2);
  }

  @Test
  void anIdentityLabelTheMetricLacksIsAClearError() {
    assertThatThrownBy(
            () ->
                new SeriesLimiter<>(
                    "synapse_e2ee_test_claims",
                    List.of("user", "algorithm"),
                    List.of("user", "device"),
                    1,
                    Duration.ofMinutes(10),
                    clock,
                    new Refusals(dropped, Duration.ofMinutes(10), clock),
                    values -> values,
                    values -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no label device");
  }
}
