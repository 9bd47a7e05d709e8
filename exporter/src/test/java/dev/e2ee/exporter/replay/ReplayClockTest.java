package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReplayClockTest {
  @Test
  void timeIsTheNewestRecordsAndARecordWrittenOutOfOrderDoesNotTurnItBack() {
    ReplayClock clock = new ReplayClock();
    clock.advanceTo(1_764_064_800_000L);
    clock.advanceTo(1_764_064_790_000L);
    assertThat(clock.millis()).isEqualTo(1_764_064_800_000L);
    assertThat(clock.instant()).isEqualTo(Instant.parse("2025-11-25T10:00:00Z"));
    clock.advanceTo(1_764_064_801_500L);
    assertThat(clock.millis()).isEqualTo(1_764_064_801_500L);
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }
}
