package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StallDetectorTest {
  @Test
  void anAbandonedRequestSoonAfterASilenceIsAStall() {
    StallDetector d = new StallDetector();
    assertThat(d.observe(0, false)).isZero();
    assertThat(d.observe(29_000, false)).as("the silence ends, nothing abandoned yet").isZero();
    assertThat(d.observe(29_300, true)).isEqualTo(29_000);
    assertThat(d.observe(29_000 + StallDetector.AFTERMATH_MILLIS + 1, true))
        .as("too long after the silence to be its aftermath")
        .isZero();
  }

  @Test
  void aQuietSpellFollowedByAnsweredRequestsOrAShortGapIsNoStall() {
    StallDetector d = new StallDetector();
    d.observe(0, false);
    assertThat(d.observe(StallDetector.SILENCE_MILLIS - 1, true)).isZero();
    d.observe(60_000, false);
    assertThat(d.observe(61_000, false)).isZero();
  }

  @Test
  void anEarlierLineFromAnotherProcessDoesNotOpenASilence() {
    StallDetector d = new StallDetector();
    d.observe(50_000, false);
    d.observe(10_000, false); // out of order
    assertThat(d.observe(51_000, true)).isZero();
  }
}
