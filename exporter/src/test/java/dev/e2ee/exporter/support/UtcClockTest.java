package dev.e2ee.exporter.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class UtcClockTest {
  @Test
  void itsZoneIsUtcWhateverZoneIsAskedForAndItsTimeStaysItsOwners() {
    Clock clock =
        new UtcClock() {
          @Override
          public Instant instant() {
            return Instant.ofEpochMilli(1_764_064_800_000L);
          }
        };
    Clock berlin = clock.withZone(ZoneId.of("Europe/Berlin"));
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(berlin).isSameAs(clock);
    assertThat(berlin.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(berlin.millis()).isEqualTo(1_764_064_800_000L);
  }
}
