package dev.e2ee.exporter.testing;

import dev.e2ee.exporter.support.UtcClock;
import java.time.Duration;
import java.time.Instant;

/** A clock tests move by hand, so time-dependent behaviour is tested without sleeping. */
public final class MutableClock extends UtcClock {
  private volatile Instant now;

  public MutableClock(Instant start) {
    this.now = start;
  }

  public void advance(Duration duration) {
    now = now.plus(duration);
  }

  @Override
  public Instant instant() {
    return now;
  }
}
