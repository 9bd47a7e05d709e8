package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetLabelsTest {
  @Test
  void labelsKeepTheirOrderThenJobAndInstance() {
    assertThat(TargetLabels.of(List.of("homeserver=hs-a", "dc=x=y"), "j", "i"))
        .containsExactly(
            entry("homeserver", "hs-a"),
            entry("dc", "x=y"),
            entry("job", "j"),
            entry("instance", "i"));
  }

  @Test
  void aLabelWithoutValueOrWithABadNameIsNamed() {
    assertThatThrownBy(() -> TargetLabels.of(List.of("homeserver"), "j", "i"))
        .hasMessage(
            "--label homeserver: give the label as NAME=VALUE, e.g. --label"
                + " homeserver=matrix.example.org");
    assertThatThrownBy(() -> TargetLabels.of(List.of("bad-name=x"), "j", "i"))
        .hasMessageStartingWith("--label bad-name: a label name is letters, digits and _");
    assertThatThrownBy(() -> TargetLabels.of(List.of("job=x"), "j", "i"))
        .hasMessageContaining("job and instance have their own options");
  }

  private static Map.Entry<String, String> entry(String k, String v) {
    return Map.entry(k, v);
  }
}
