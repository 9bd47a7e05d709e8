package dev.e2ee.compat.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PromTextTest {
  private static final String TEXT =
      """
      # HELP synapse_e2ee_otk_claims_total one-time keys claimed
      # TYPE synapse_e2ee_otk_claims_total counter
      synapse_e2ee_otk_claims_total{user="@alice:hs",device="A"} 3.0
      synapse_e2ee_otk_claims_total{user="@bob:hs",device="B"} 2
      synapse_e2ee_device_client_info{user="@a:hs",device="X",client="Element X Android",version="25.04.3"} 1
      synapse_e2ee_weird{v="quote \\" and, comma"} 7 1700000000000
      synapse_e2ee_db_up 1
      not a sample
      """;

  @Test
  void sumsSamplesWhoseLabelsMatch() {
    PromText m = PromText.parse(TEXT);
    assertThat(m.sum("synapse_e2ee_otk_claims_total", Map.of())).isEqualTo(5.0);
    assertThat(m.sum("synapse_e2ee_otk_claims_total", Labels.of("device", "B"))).isEqualTo(2.0);
    assertThat(m.sum("synapse_e2ee_otk_claims_total", Labels.of("device", "C"))).isZero();
    assertThat(m.sum("synapse_e2ee_db_up", Map.of())).isEqualTo(1.0);
  }

  @Test
  void readsEscapedLabelValuesWithSpacesAndCommas() {
    PromText m = PromText.parse(TEXT);
    assertThat(
            m.present("synapse_e2ee_device_client_info", Labels.of("client", "Element X Android")))
        .isTrue();
    assertThat(m.present("synapse_e2ee_weird", Labels.of("v", "quote \" and, comma"))).isTrue();
  }

  @Test
  void leavesOutWhatIsNotASample() {
    assertThat(PromText.parse(TEXT).samples()).hasSize(5);
  }
}
