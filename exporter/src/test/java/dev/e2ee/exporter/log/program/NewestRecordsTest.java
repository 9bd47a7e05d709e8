package dev.e2ee.exporter.log.program;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The clock of each log: the newest record time seen, never moved back by a late line. */
class NewestRecordsTest {
  private static final long WALL = 1_796_540_200_000L;

  @Test
  void aLogNobodyHeardFromReadsTheFallback() {
    NewestRecords clock = new NewestRecords();
    clock.advance("homeserver.log", 1_796_540_143_616L);

    assertThat(clock.millis("worker1.log", WALL)).isEqualTo(WALL);
    assertThat(clock.millis(null, WALL)).as("a conflict of no known source").isEqualTo(WALL);
  }

  @Test
  void eachLogKeepsItsNewestRecordTime() {
    NewestRecords clock = new NewestRecords();
    clock.advance("homeserver.log", 1_796_540_143_573L);
    clock.advance("homeserver.log", 1_796_540_143_616L);
    clock.advance("homeserver.log", 1_796_540_143_615L); // an earlier line written late
    clock.advance("worker1.log", 5L);

    assertThat(clock.millis("homeserver.log", WALL)).isEqualTo(1_796_540_143_616L);
    assertThat(clock.millis("worker1.log", WALL)).isEqualTo(5L);
  }
}
