package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputFileTest {
  @Test
  void anUnreadFileHasNoRecordsAndNoSpan() {
    InputFile input = new InputFile(ReplayFile.of("homeserver.log"), "synapse");
    assertThat(input.records).isZero();
    assertThat(input.firstRecordMillis).isEqualTo(Long.MIN_VALUE);
    assertThat(input.lastRecordMillis).isEqualTo(Long.MIN_VALUE);
    assertThat(input.layout).isEqualTo("unknown");
    assertThat(input.error).isNull();
  }

  /** Records may come out of order (workers, clock steps): first stays first, last is the max. */
  @Test
  void spanIsFirstRecordSeenToLatestRecord() {
    InputFile input = new InputFile(ReplayFile.of("homeserver.log"), "synapse");
    input.record(2_000);
    input.record(5_000);
    input.record(1_000);
    input.record(4_000);
    assertThat(input.records).isEqualTo(4);
    assertThat(input.firstRecordMillis).isEqualTo(2_000);
    assertThat(input.lastRecordMillis).isEqualTo(5_000);
  }
}
