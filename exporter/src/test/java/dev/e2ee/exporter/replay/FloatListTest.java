package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FloatListTest {
  /** Nearest rank: the smallest value with at least q of the values at or below it. */
  @ParameterizedTest(name = "q={1} of [{0}] is {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0.5                 | 0.5  | 0.5",
        "0.5                 | 0.0  | 0.5",
        "0.5                 | 1.0  | 0.5",
        "3 1 2               | 0.5  | 2",
        "3 1 2               | 0.99 | 3",
        "3 1 2               | 0.0  | 1",
        "4 1 3 2             | 0.5  | 2",
        "4 1 3 2             | 0.51 | 3",
        "4 1 3 2             | 0.75 | 3",
        "4 1 3 2             | 1.0  | 4",
        "10 9 8 7 6 5 4 3 2 1 | 0.9  | 9",
        "10 9 8 7 6 5 4 3 2 1 | 0.95 | 10",
      })
  void nearestRankQuantile(String values, double q, double expected) {
    FloatList list = new FloatList();
    Arrays.stream(values.trim().split(" +", -1))
        .mapToDouble(Double::parseDouble)
        .forEach(list::add);
    assertThat(list.quantile(q)).isEqualTo(expected);
  }

  @Test
  void noValuesHaveNoQuantile() {
    assertThat(new FloatList().quantile(0.5)).isNaN();
    assertThat(new FloatList().size()).isZero();
  }

  @Test
  void growsPastItsFirstArrayAndKeepsEveryValue() {
    FloatList list = new FloatList();
    for (int i = 1000; i >= 1; i--) {
      list.add(i / 1000.0);
    }
    assertThat(list.size()).isEqualTo(1000);
    assertThat(list.quantile(1.0)).isEqualTo(1.0f);
    assertThat(list.quantile(0.001)).isEqualTo(0.001f);
    assertThat(list.quantile(0.5)).isEqualTo(0.5f);
  }
}
