package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusCountsTest {
  @Test
  void countsReadAsWordsInTheirOrder() {
    Map<String, Long> update = new LinkedHashMap<>();
    update.put("200", 114L);
    update.put("499", 11L);
    Map<String, Map<String, Long>> actions = new LinkedHashMap<>();
    actions.put("update", update);
    actions.put("restart", Map.of("200", 3L));
    assertThat(StatusCounts.byStatus(update)).isEqualTo("114 with status 200, 11 with 499");
    assertThat(StatusCounts.byActionAndStatus(actions))
        .isEqualTo("update: 114 with status 200, 11 with 499; restart: 3 with status 200");
    assertThat(StatusCounts.byStatus(Map.of())).isEqualTo("none");
    assertThat(StatusCounts.byActionAndStatus(Map.of())).isEqualTo("none");
  }
}
