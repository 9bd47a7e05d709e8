package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The verifier on a clock the test moves: no result depends on how fast the machine is. */
class FairVerifierTest {
  private final AtomicLong now = new AtomicLong();
  private final Map<String, Boolean> results = new ConcurrentHashMap<>();

  private static FairVerifier.Check check(AtomicBoolean expensive, boolean answer) {
    return new FairVerifier.Check() {
      @Override
      public boolean expensive() {
        return expensive.get();
      }

      @Override
      public boolean run() {
        return answer;
      }
    };
  }

  private boolean submit(FairVerifier v, String client, AtomicBoolean expensive, boolean answer) {
    return v.submit(client, check(expensive, answer), ok -> results.put(client, ok));
  }

  private void awaitResult(String client) throws InterruptedException {
    dev.e2ee.exporter.testing.Await.until(
        () -> results.containsKey(client), Duration.ofSeconds(30));
  }

  @Test
  void slowChecksWaitForTheRateAndCheapOnesDoNot() throws Exception {
    AtomicBoolean slow = new AtomicBoolean(true);
    // A burst of one, then one check per 1000 s of the test's clock.
    try (FairVerifier v = new FairVerifier(1, 0.001, now::get)) {
      assertThat(submit(v, "a", slow, true)).isTrue();
      awaitResult("a");
      assertThat(results).containsEntry("a", true);

      assertThat(submit(v, "b", slow, false)).isTrue();
      assertThat(v.isWaiting("b")).as("no token: b waits").isTrue();
      assertThat(submit(v, "b", slow, false)).as("one waiting check per client").isFalse();

      // A credential was accepted meanwhile: b's check is cheap now and needs no token.
      slow.set(false);
      assertThat(submit(v, "c", slow, true)).isTrue(); // wakes the verifier
      awaitResult("b");
      awaitResult("c");
      assertThat(results).containsEntry("b", false).containsEntry("c", true);
    }
  }

  @Test
  void aSlowCheckRunsOnceTheClockHasRefilledAToken() throws Exception {
    AtomicBoolean slow = new AtomicBoolean(true);
    try (FairVerifier v = new FairVerifier(1, 0.001, now::get)) {
      submit(v, "a", slow, true);
      awaitResult("a");
      submit(v, "b", slow, true);
      assertThat(v.isWaiting("b")).isTrue();
      now.addAndGet(Duration.ofSeconds(1000).toNanos());
      submit(v, "c", slow, true); // wakes the verifier, which looks at the clock again
      awaitResult("b");
      assertThat(results).containsKey("b");
    }
  }

  @Test
  void closingAnswersEveryWaitingCheckWithNo() {
    AtomicBoolean slow = new AtomicBoolean(true);
    FairVerifier v = new FairVerifier(0, 0.001, now::get);
    submit(v, "a", slow, true);
    v.close();
    assertThat(results).containsEntry("a", false);
  }
}
