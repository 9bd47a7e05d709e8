package dev.e2ee.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {
  private static final List<String> LOGS_KEYS =
      List.of("enabled", "files", "format", "start_at", "max_line_bytes", "poll_interval");

  @ParameterizedTest
  @CsvSource({
    "start_from, ' (did you mean ''start_at''?)'",
    "file, ' (did you mean ''files''?)'",
    "FORMAT, ' (did you mean ''format''?)'",
    "poll_intervall, ' (did you mean ''poll_interval''?)'",
    "enabeld, ' (did you mean ''enabled''?)'",
    "password, ''",
    "x, ''"
  })
  void suggestsTheClosestKeyOnlyWhenItIsClose(String typed, String expected) {
    assertThat(Suggestions.didYouMean(typed, LOGS_KEYS)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "'', '', 0",
    "abc, '', 3",
    "'', abc, 3",
    "abc, abc, 0",
    "kitten, sitting, 3",
    "start_from, start_at, 4",
    "flaw, lawn, 2"
  })
  void editDistanceCountsInsertionsDeletionsAndSubstitutions(String a, String b, int distance) {
    assertThat(Suggestions.editDistance(a, b)).isEqualTo(distance);
    assertThat(Suggestions.editDistance(b, a)).isEqualTo(distance);
  }

  @org.junit.jupiter.api.Test
  void noCandidatesMeansNoSuggestion() {
    assertThat(Suggestions.didYouMean("anything", List.of())).isEmpty();
  }
}
