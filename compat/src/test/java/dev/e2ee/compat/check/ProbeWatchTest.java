package dev.e2ee.compat.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.compat.check.ProbeWatch.Sample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeWatchTest {
  private static final Instant T = Instant.parse("2026-12-06T08:00:00Z");

  private static Sample at(int askedS, int answeredS, double timeouts, String state) {
    return new Sample(T.plusSeconds(askedS), T.plusSeconds(answeredS), timeouts, 5, state);
  }

  private final Sample early = at(0, 1, 0, "up");
  private final Sample straddling = at(9, 11, 0, "up");
  private final Sample frozen = at(12, 13, 3, "down");
  private final Sample late = at(31, 32, 9, "up");
  private final List<Sample> samples = List.of(early, straddling, frozen, late);

  @Test
  void beforeTheFreezeMeansAnsweredBeforeTheMark() {
    assertThat(ProbeWatch.lastBefore(samples, T.plusSeconds(10))).contains(early);
    assertThat(ProbeWatch.lastBefore(samples, T)).isEmpty();
  }

  @Test
  void afterTheThawMeansAskedAfterTheMark() {
    assertThat(ProbeWatch.after(samples, T.plusSeconds(30))).containsExactly(late);
  }

  @Test
  void duringTheFreezeMeansWhollyInside() {
    assertThat(ProbeWatch.between(samples, T.plusSeconds(10), T.plusSeconds(30)))
        .containsExactly(frozen);
  }

  @Test
  void theSourceStateIsReadByName() throws Exception {
    var status =
        dev.e2ee.compat.client.Http.JSON.readTree(
            "{\"sources\":[{\"name\":\"log\",\"state\":\"up\"},"
                + "{\"name\":\"synapse_health\",\"state\":\"down\"}]}");
    assertThat(ProbeWatch.sourceState(status)).isEqualTo("down");
    assertThat(ProbeWatch.sourceState(dev.e2ee.compat.client.Http.JSON.readTree("{}")))
        .isEqualTo("absent");
  }
}
