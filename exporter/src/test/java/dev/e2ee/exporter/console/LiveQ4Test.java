package dev.e2ee.exporter.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.diagnosis.Q4Rule;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The live Q4 decides "p99 above 2 s" as replay does (nearest rank over sorted latencies). */
class LiveQ4Test {
  static final long T0 = 1_800_000_000_000L / 60_000 * 60_000;

  @Test
  void countingAboveTheThresholdAgreesWithSortingForAnyMix() {
    Random random = new Random(7);
    for (int round = 0; round < 2000; round++) {
      int n = 1 + random.nextInt(400);
      double[] latencies = new double[n];
      for (int i = 0; i < n; i++) {
        latencies[i] = random.nextInt(20) == 0 ? 2 + random.nextDouble() * 3 : random.nextDouble();
      }
      if (random.nextBoolean()) {
        latencies[random.nextInt(n)] = 2.0; // exactly at the threshold is not above it
      }
      long above = Arrays.stream(latencies).filter(s -> s > Q4Rule.LOAD_THRESHOLD_SECONDS).count();
      double[] sorted = latencies.clone();
      Arrays.sort(sorted);
      double p99 = sorted[Math.max(0, (int) Math.ceil(0.99 * n) - 1)];
      assertThat(Q4Rule.p99Above(n, above))
          .as("n=%d above=%d p99=%f", n, above, p99)
          .isEqualTo(p99 > Q4Rule.LOAD_THRESHOLD_SECONDS);
    }
  }

  @Test
  void abandonedRestartsWithAFastHomeserverPointAtTheClient() {
    LiveQ4 q4 = new LiveQ4();
    assertThat(q4.answer().verdict()).isEqualTo("unknown");
    for (int i = 0; i < 100; i++) {
      q4.homeserverRequest(T0 + i, 0.05);
    }
    q4.delayedRequest(T0 + 10, 0.2, true, true);
    q4.delayedRequest(T0 + 60_000 + 10, 7.0, false, true);
    q4.homeserverRequest(T0 + 60_000, 0.05);
    Q4Now now = q4.answer();
    assertThat(now.verdict()).isEqualTo("client_retry");
    assertThat(now.troubleMinutes()).isEqualTo(2);
    assertThat(now.abandoned()).isEqualTo(1);
    assertThat(now.slow()).isEqualTo(1);
    assertThat(now.explanation()).contains("runbook Q4 NO");
  }

  @Test
  void aSlowHomeserverInTheTroubleMinuteIsLoad() {
    LiveQ4 q4 = new LiveQ4();
    for (int i = 0; i < 50; i++) {
      q4.homeserverRequest(T0 + i, i < 5 ? 3.0 : 0.1);
    }
    q4.delayedRequest(T0 + 100, 0.1, true, false);
    Q4Now now = q4.answer();
    assertThat(now.verdict()).isEqualTo("homeserver_load");
    assertThat(now.loadedNewestMinute()).isTrue();
    assertThat(now.p99NewestMinuteSeconds()).isBetween(3.0, 3.0 * LiveQ4.BUCKET_GROWTH);
  }

  @Test
  void minutesOlderThanTheWindowDropOut() {
    LiveQ4 q4 = new LiveQ4();
    q4.delayedRequest(T0, 0.1, true, false);
    q4.homeserverRequest(T0 + (LiveQ4.WINDOW_MINUTES + 1) * 60_000L, 0.1);
    assertThat(q4.answer().verdict()).isEqualTo("none");
  }
}
