package dev.e2ee.exporter.support;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock whose time is set by its owner rather than read from the host, in UTC whatever zone is
 * asked for: what the exporter reads and writes is in epoch time, and the zone is never consulted.
 */
public abstract class UtcClock extends Clock {
  @Override
  public final ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public final Clock withZone(ZoneId zone) {
    return this;
  }
}
