package dev.e2ee.exporter.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.NeedsTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** alerts/ and the Alertmanager example, checked by the real promtool and amtool. */
class AlertRulesTest {
  static final Path REPO = ExternalTool.repository();
  static final Path ALERTS = REPO.resolve("alerts");

  @NeedsTool
  @Test
  void rulesAreValid() throws Exception {
    Path promtool = ExternalTool.require("promtool", "prometheus");
    var result =
        ExternalTool.run(
            ALERTS,
            List.of(
                promtool.toString(), "check", "rules", "recording.rules.yml", "alerts.rules.yml"));
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: 6 rules found", "SUCCESS: 15 rules found");
  }

  @NeedsTool
  @Test
  void everyAlertFiresAndStaysQuietInItsUnitTests() throws Exception {
    Path promtool = ExternalTool.require("promtool", "prometheus");
    List<String> command = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
    try (Stream<Path> tests = Files.list(ALERTS.resolve("tests"))) {
      tests
          .filter(p -> p.toString().endsWith(".test.yml"))
          .sorted()
          .forEach(p -> command.add(ALERTS.relativize(p).toString()));
    }
    var result =
        ExternalTool.run(
            ALERTS.resolve("tests"),
            command.stream()
                .map(a -> a.startsWith("tests/") ? a.substring("tests/".length()) : a)
                .toList());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).doesNotContain("FAILED");
  }

  @Test
  void everyAlertHasTestsForFiringAndForStayingQuiet() throws Exception {
    String rules = Files.readString(ALERTS.resolve("alerts.rules.yml"));
    StringBuilder tests = new StringBuilder();
    try (Stream<Path> files = Files.list(ALERTS.resolve("tests"))) {
      for (Path p : files.filter(p -> p.toString().endsWith(".test.yml")).toList()) {
        tests.append(Files.readString(p));
      }
    }
    List<String> alerts =
        rules
            .lines()
            .map(String::strip)
            .filter(l -> l.startsWith("- alert: "))
            .map(l -> l.substring("- alert: ".length()))
            .toList();
    assertThat(alerts).hasSize(15);
    String all = tests.toString();
    for (String alert : alerts) {
      // A firing case has exp_alerts with entries right after the alertname; a quiet one
      // "exp_alerts: []".
      assertThat(all)
          .as("%s has a quiet case", alert)
          .containsPattern("alertname: " + alert + "\\s+exp_alerts: \\[\\]");
      assertThat(all)
          .as("%s has a firing case", alert)
          .containsPattern("alertname: " + alert + "\\s+exp_alerts:\\s*\\n\\s+- exp_labels");
    }
  }

  @NeedsTool
  @Test
  void theDocumentedScrapeConfigIsValidAndLabelsEveryTargetWithItsHomeserver(@TempDir Path dir)
      throws Exception {
    Path promtool = ExternalTool.require("promtool", "prometheus");
    String example = Files.readString(REPO.resolve("deploy/prometheus/scrape.yml"));
    assertThat(example.split("homeserver: matrix.example.org", -1))
        .as("both jobs carry the homeserver label")
        .hasSize(3);
    Path config =
        Files.writeString(
            dir.resolve("prometheus.yml"),
            example
                .replace("SYNAPSE_HOST", "127.0.0.1")
                .replace("/etc/prometheus/rules/synapse-e2ee", ALERTS.toString()));
    var check =
        ExternalTool.run(dir, List.of(promtool.toString(), "check", "config", config.toString()));
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 2 rule files found");
  }

  @NeedsTool
  @Test
  void alertmanagerExampleIsValidAndRoutesBySeverity() throws Exception {
    Path amtool = ExternalTool.require("amtool", "prometheus-alertmanager");
    Path config = REPO.resolve("deploy/alertmanager/alertmanager.yml");
    var check =
        ExternalTool.run(REPO, List.of(amtool.toString(), "check-config", config.toString()));
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("4 inhibit rules");
    // Per-device KE alerts reach the exporter's capture webhook as well as the humans.
    assertThat(route(amtool, config, "severity=critical", "alertname=E2EEOtkDivergence"))
        .isEqualTo("e2ee-capture,e2ee-page");
    assertThat(route(amtool, config, "severity=warning", "alertname=E2EEToDeviceBacklogStalled"))
        .isEqualTo("e2ee-capture,e2ee-ticket");
    assertThat(route(amtool, config, "severity=critical", "alertname=E2EEExporterDown"))
        .isEqualTo("e2ee-page");
    assertThat(route(amtool, config, "severity=info", "alertname=E2EECollectorDisabled"))
        .isEqualTo("e2ee-default");
  }

  private static String route(Path amtool, Path config, String... labels) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(amtool.toString(), "config", "routes", "test", "--config.file=" + config));
    command.addAll(List.of(labels));
    var result = ExternalTool.run(REPO, command);
    return result
        .output()
        .lines()
        .filter(l -> !l.startsWith("Warning"))
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .reduce((a, b) -> b)
        .orElse("");
  }
}
