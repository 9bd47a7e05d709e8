package dev.e2ee.exporter.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.NeedsTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mixin/ renders alerts/ and dashboards/ with the real jsonnet: the committed files are exactly
 * what it renders, and its config reaches every rule and dashboard.
 */
@NeedsTool
class MixinTest {
  static final Path REPO = ExternalTool.repository();
  static final List<String> GENERATED =
      List.of(
          "alerts/recording.rules.yml",
          "alerts/alerts.rules.yml",
          "dashboards/synapse-e2ee-overview.json",
          "dashboards/synapse-e2ee-device.json");

  @Test
  void regeneratingChangesNothing(@TempDir Path out) throws Exception {
    generate(out, List.of());
    for (String file : GENERATED) {
      assertThat(Files.readString(out.resolve(file)))
          .as("%s is stale: run mixin/generate.sh and commit", file)
          .isEqualTo(Files.readString(REPO.resolve(file)));
    }
  }

  @Test
  void theConfigReachesRulesAlertsAndDashboards(@TempDir Path out) throws Exception {
    generate(
        out,
        List.of(
            "--tla-code",
            "config={ homeserverLabel: 'cluster', exporterSelector: 'job=\"e2ee\"',"
                + " runbookBaseUrl: 'https://git.example.org/e2ee/runbook.md',"
                + " homeserverLoadP99Seconds: 1.5 }"));
    String recording = Files.readString(out.resolve("alerts/recording.rules.yml"));
    String alerts = Files.readString(out.resolve("alerts/alerts.rules.yml"));
    String overview = Files.readString(out.resolve("dashboards/synapse-e2ee-overview.json"));
    Path promtool = ExternalTool.require("promtool", "prometheus");
    var check =
        ExternalTool.run(
            out.resolve("alerts"),
            List.of(
                promtool.toString(), "check", "rules", "recording.rules.yml", "alerts.rules.yml"));
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(recording + alerts)
        .doesNotContain("by (homeserver", "on (homeserver", "$labels.homeserver", "%(");
    assertThat(recording).contains("sum by (cluster, user, device)", "{job=\"e2ee\"}");
    assertThat(alerts)
        .contains(
            "and on (cluster) (",
            "synapse_e2ee:synapse_p99_latency_excluding_sync_seconds:5m > 1.5",
            "or synapse_e2ee:synapse_health_probe_trouble:rate5m > 0",
            "runbook_url: https://git.example.org/e2ee/runbook.md#ke-1-otk-conflict-storm",
            "$labels.cluster");
    assertThat(overview)
        .contains("cluster=~\\\"$homeserver\\\",instance=~\\\"$instance\\\"")
        .doesNotContain("%(");
  }

  private static void generate(Path out, List<String> arguments) throws Exception {
    ExternalTool.require("jsonnet", "jsonnet");
    List<String> command =
        new ArrayList<>(
            List.of("bash", REPO.resolve("mixin/generate.sh").toString(), out.toString()));
    command.addAll(arguments);
    var result = ExternalTool.run(REPO, command);
    assertThat(result.exitCode()).as(result.output()).isZero();
  }
}
