package dev.e2ee.exporter.http;

/** A token bucket on a caller's nanosecond clock; not thread-safe (callers hold their lock). */
final class TokenBucket {
  private final double capacity;
  private final double perSecond;
  private double tokens;
  private long lastNanos;

  TokenBucket(double capacity, double perSecond, long now) {
    this.capacity = capacity;
    this.perSecond = perSecond;
    this.tokens = capacity;
    this.lastNanos = now;
  }

  /** Takes one token if there is one. */
  boolean tryTake(long now) {
    refill(now);
    if (tokens < 1) {
      return false;
    }
    tokens--;
    return true;
  }

  boolean hasToken(long now) {
    refill(now);
    return tokens >= 1;
  }

  long nanosToNextToken(long now) {
    refill(now);
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perSecond * 1e9);
  }

  /** Whole seconds, at least 1: what a Retry-After header carries. */
  long secondsToNextToken(long now) {
    return Math.max(1, (long) Math.ceil(nanosToNextToken(now) / 1e9));
  }

  private void refill(long now) {
    tokens = Math.min(capacity, tokens + (now - lastNanos) / 1e9 * perSecond);
    lastNanos = now;
  }
}
