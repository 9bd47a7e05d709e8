package dev.e2ee.exporter.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WarnLimiterTest {
  private static final String FILE = "/var/log/synapse/homeserver.log";

  @ParameterizedTest(name = "a second warning {0} ms after the first: allowed {1}")
  @CsvSource({"0, false", "1, false", "4999, false", "5000, true", "60000, true"})
  void aRepeatedWarningPassesOncePerInterval(long later, boolean allowed) {
    WarnLimiter limiter = new WarnLimiter(5_000);
    assertThat(limiter.allow(FILE, 1_000)).isTrue();

    assertThat(limiter.allow(FILE, 1_000 + later)).isEqualTo(allowed);
  }

  @Test
  void theIntervalStartsAgainAtTheLastWarningLetThrough() {
    WarnLimiter limiter = new WarnLimiter(5_000);
    assertThat(limiter.allow(FILE, 0)).isTrue();
    assertThat(limiter.allow(FILE, 3_000)).isFalse();
    assertThat(limiter.allow(FILE, 5_000)).isTrue();
    // Refused warnings do not move the interval; the one let through at 5 s does.
    assertThat(limiter.allow(FILE, 9_999)).isFalse();
    assertThat(limiter.allow(FILE, 10_000)).isTrue();
  }

  @Test
  void eachKeyHasItsOwnInterval() {
    WarnLimiter limiter = new WarnLimiter(5_000);
    assertThat(limiter.allow(FILE, 0)).isTrue();

    assertThat(limiter.allow("/var/log/synapse/homeserver.log.1", 1)).isTrue();
    assertThat(limiter.allow(FILE, 2)).isFalse();
  }
}
