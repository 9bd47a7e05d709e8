package dev.e2ee.exporter.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.diagnosis.Q4Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Q4 now: unknown until an access line is read, then Q4Rule's verdict over its minutes. */
class Q4NowTest {

  @ParameterizedTest(name = "newest minute {0}, {1} trouble minutes, {2} loaded: {3}")
  @CsvSource({
    // newest log minute (MIN = nothing read), trouble minutes, loaded trouble minutes, verdict
    "MIN, 0, 0, unknown",
    "MIN, 3, 3, unknown", // minutes without a read line are no evidence
    "0, 0, 0, none", // the epoch's minute is a minute like any other
    "1796540160000, 0, 0, none",
    "1796540160000, 2, 2, homeserver_load",
    "1796540160000, 2, 0, client_retry",
    "1796540160000, 2, 1, mixed",
  })
  void theVerdictIsUnknownUntilALineIsReadThenTheRules(
      String newest, long trouble, long loaded, String verdict) {
    long minute = newest.equals("MIN") ? Long.MIN_VALUE : Long.parseLong(newest);
    Q4Now q = new Q4Now(minute, 15, 10, 0.05, false, 4, 1, 0, trouble, loaded);
    assertThat(q.answered()).isEqualTo(minute != Long.MIN_VALUE);
    assertThat(q.verdict()).isEqualTo(verdict);
    assertThat(q.explanation())
        .isEqualTo(
            q.answered()
                ? Q4Rule.explanation(trouble, loaded)
                : "no access line has been read yet: Q4 cannot be answered");
  }

  @Test
  void nothingReadIsTheUnansweredWindow() {
    assertThat(Q4Now.NOTHING_READ.answered()).isFalse();
    assertThat(Q4Now.NOTHING_READ.verdict()).isEqualTo("unknown");
    assertThat(Q4Now.NOTHING_READ.p99NewestMinuteSeconds()).isNaN();
    assertThat(Q4Now.NOTHING_READ.windowMinutes()).isEqualTo(LiveQ4.WINDOW_MINUTES);
  }
}
