package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bucket on a fake nanosecond clock: a burst up to capacity, then tokens at the given rate. */
class TokenBucketTest {
  private static final long T0 = 1_000_000_000_000L;
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void aFullBucketGivesItsCapacityAtOnceThenRefuses() {
    TokenBucket bucket = new TokenBucket(3, 1, T0);
    assertThat(bucket.tryTake(T0)).isTrue();
    assertThat(bucket.tryTake(T0)).isTrue();
    assertThat(bucket.hasToken(T0)).isTrue();
    assertThat(bucket.tryTake(T0)).isTrue();
    assertThat(bucket.hasToken(T0)).isFalse();
    assertThat(bucket.tryTake(T0)).isFalse();
  }

  @Test
  void refillNeverGoesAboveCapacity() {
    TokenBucket bucket = new TokenBucket(2, 10, T0);
    // An hour idle still leaves only two tokens.
    long later = T0 + 3600 * SECOND;
    assertThat(bucket.tryTake(later)).isTrue();
    assertThat(bucket.tryTake(later)).isTrue();
    assertThat(bucket.tryTake(later)).isFalse();
  }

  /** Empty at T0, then asked {@code afterMillis} later: what is left to wait. */
  @ParameterizedTest(name = "{0}/s, {1} ms later: {2} ns, Retry-After {3}")
  @CsvSource({
    "1,    0,    1000000000, 1",
    "1,    250,  750000000,  1",
    "1,    1000, 0,          1",
    "0.25, 0,    4000000000, 4",
    "0.25, 1500, 2500000000, 3",
    "4,    100,  150000000,  1",
    "0.1,  0,    10000000000, 10",
  })
  void waitUntilTheNextToken(double perSecond, long afterMillis, long nanos, long seconds) {
    TokenBucket bucket = new TokenBucket(1, perSecond, T0);
    assertThat(bucket.tryTake(T0)).isTrue();
    long now = T0 + TimeUnit.MILLISECONDS.toNanos(afterMillis);
    assertThat(bucket.nanosToNextToken(now)).isEqualTo(nanos);
    assertThat(bucket.secondsToNextToken(now)).isEqualTo(seconds);
    assertThat(bucket.hasToken(now)).isEqualTo(nanos == 0);
  }

  @Test
  void aTokenComesBackAfterOnePeriod() {
    TokenBucket bucket = new TokenBucket(1, 2, T0);
    assertThat(bucket.tryTake(T0)).isTrue();
    assertThat(bucket.tryTake(T0 + SECOND / 2 - 1)).isFalse();
    assertThat(bucket.tryTake(T0 + SECOND)).isTrue();
  }
}
