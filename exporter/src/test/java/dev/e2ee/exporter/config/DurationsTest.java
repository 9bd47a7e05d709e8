package dev.e2ee.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "250ms, PT0.25S",
    "30s, PT30S",
    "5m, PT5M",
    "1h, PT1H",
    "7d, PT168H",
    "' 15s ', PT15S",
    "0s, PT0S"
  })
  void parsesTheUnitsPrometheusOperatorsWrite(String text, String expected) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30", "s", "1.5s", "-5s", "5 s", "5S", "1w", "1h30m", "PT5S"})
  void refusesAnythingElseNamingWhatItFound(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found '" + text + "'");
  }

  @ParameterizedTest
  @CsvSource({
    "PT0.25S, 250ms",
    "PT1.5S, 1500ms",
    "PT30S, 30s",
    "PT90S, 90s",
    "PT5M, 5m",
    "PT1H, 1h",
    "PT36H, 36h",
    "PT168H, 7d"
  })
  void formatsInTheLargestUnitThatIsExact(String duration, String expected) {
    assertThat(Durations.format(Duration.parse(duration))).isEqualTo(expected);
    assertThat(Durations.parse(expected)).isEqualTo(Duration.parse(duration));
  }
}
