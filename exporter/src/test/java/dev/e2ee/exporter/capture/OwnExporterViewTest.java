package dev.e2ee.exporter.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.metrics.IdentityLabels;
import org.junit.jupiter.api.Test;

class OwnExporterViewTest {
  static final String ALICE = "@alice:hs";

  static final String METRICS =
      """
      # HELP synapse_e2ee_otk_conflicts_total Key uploads rejected.
      # TYPE synapse_e2ee_otk_conflicts_total counter
      synapse_e2ee_otk_conflicts_total{algorithm="signed_curve25519",device="PHONE",user="@alice:hs"} 3.0
      synapse_e2ee_otk_conflicts_total{algorithm="signed_curve25519",device="LAPTOP",user="@alice:hs"} 1.0
      synapse_e2ee_otk_conflicts_total{algorithm="signed_curve25519",device="BOBPHONE",user="@bob:hs"} 7.0
      synapse_e2ee_delayed_event_requests_total{action="restart",code="200",user="@bob:hs"} 2.0
      synapse_e2ee_label_values_rejected_total{label="device"} 0.0
      synapse_e2ee_orphan{device="PHONE"} 1.0
      synapse_e2ee_build_info{version="1"} 1.0
      synapse_e2ee_log_lines_total 42.0
      """;

  static OwnExporterView view(UserIdMode mode, String device) {
    return new OwnExporterView(
        ALICE,
        device,
        "$asked",
        new IdentityLabels(new LabelsConfig(mode)),
        new OtherIdentities(ALICE));
  }

  @Test
  void metricsKeepTheUsersSeriesAndThoseOfNoUser() {
    assertThat(view(UserIdMode.FULL, null).metrics(METRICS).lines())
        .containsExactly(
            "# HELP synapse_e2ee_otk_conflicts_total Key uploads rejected.",
            "# TYPE synapse_e2ee_otk_conflicts_total counter",
            "synapse_e2ee_otk_conflicts_total{algorithm=\"signed_curve25519\",device=\"PHONE\",user=\"@alice:hs\"} 3.0",
            "synapse_e2ee_otk_conflicts_total{algorithm=\"signed_curve25519\",device=\"LAPTOP\",user=\"@alice:hs\"} 1.0",
            "synapse_e2ee_label_values_rejected_total{label=\"device\"} 0.0",
            "synapse_e2ee_build_info{version=\"1\"} 1.0",
            "synapse_e2ee_log_lines_total 42.0");
  }

  @Test
  void withADeviceOnlyThatDevicesSeriesAndLabelsAsConfigured() {
    String out = view(UserIdMode.LOCALPART, "PHONE").metrics(METRICS.replace("@alice:hs", "alice"));
    assertThat(out)
        .contains("device=\"PHONE\",user=\"alice\"} 3.0", "synapse_e2ee_orphan{device=\"PHONE\"}")
        .doesNotContain("LAPTOP", "bob", "BOBPHONE");
  }

  @Test
  void verdictsAndFindingsKeepTheUsersEntriesAndTheAskedEvent() {
    OwnExporterView own = view(UserIdMode.FULL, null);
    String verdicts =
        own.verdicts(
            "{\"devices\":[{\"user\":\"@alice:hs\",\"device\":\"PHONE\",\"verdict\":\"divergence\","
                + "\"evidence\":\"claimed by @bob:hs\"},{\"user\":\"@bob:hs\",\"device\":\"BOBPHONE\"}]}");
    assertThat(verdicts)
        .contains("\"PHONE\"", "divergence", "claimed by <other user 1>")
        .doesNotContain("@bob:hs", "BOBPHONE");
    String findings =
        own.findings(
            "{\"otk_conflicts\":[{\"user\":\"@bob:hs\",\"device\":\"BOBPHONE\"},"
                + "{\"user\":\"@alice:hs\",\"device\":\"LAPTOP\",\"key_id\":\"AAAA\"}],"
                + "\"encrypted_events_without_algorithm\":[{\"event_id\":\"$bobs\",\"sender\":\"@bob:hs\"},"
                + "{\"event_id\":\"$alices\",\"sender\":\"@alice:hs\"},"
                + "{\"event_id\":\"$asked\",\"sender\":\"@carol:hs\"}],"
                + "\"stale_to_device_targets\":[{\"user\":\"@bob:hs\",\"device\":\"BOBPHONE\",\"pending\":3}]}");
    assertThat(findings)
        .contains("LAPTOP", "$alices", "$asked")
        .doesNotContain("@bob:hs", "BOBPHONE", "$bobs", "@carol:hs");
  }

  @Test
  void anAnswerThatIsNotJsonIsSaidSo() {
    assertThatThrownBy(() -> view(UserIdMode.FULL, null).verdicts("<html>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON object");
  }
}
