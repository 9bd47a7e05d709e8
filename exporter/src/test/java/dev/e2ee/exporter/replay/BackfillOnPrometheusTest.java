package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.e2ee.exporter.testing.Commands;
import dev.e2ee.exporter.testing.Dashboards;
import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.PrometheusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backfill as the runbook does it: {@code replay --openmetrics}, the real {@code promtool tsdb
 * create-blocks-from openmetrics}, a real Prometheus started on the blocks. Its answers must be the
 * generated log's truth, and the device dashboard's KE-1 panels must show the storm.
 */
class BackfillOnPrometheusTest {
  private static final String STORM =
      "{instance=\"replay\",job=\"synapse-e2ee\",user=\"@alice:example.org\",device=\"STORMDEV\"}";

  /** Read from the database, which a log does not record: empty after a backfill, and rightly. */
  private static final List<String> DATABASE_SIDE =
      List.of(
          "synapse_e2ee_otk_conflict_key_stored",
          "synapse_e2ee_otk_conflict_divergence",
          "synapse_e2ee_otk_count",
          "synapse_e2ee_fallback_key_used");

  @Test
  void theIncidentAppearsInPrometheusWithTheLogsNumbers(@TempDir Path dir) throws Exception {
    Path promtool = ExternalTool.require("promtool", "prometheus");
    Path log = ReplayCommandTest.oneFile(dir);
    Path om = dir.resolve("incident.om");
    Commands.Outcome o =
        Commands.run("replay", "--openmetrics", om.toString(), "--step", "15s", log.toString());
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(Files.readString(om)).endsWith("# EOF\n");
    Path data = Files.createDirectory(dir.resolve("data"));
    ExternalTool.Result blocks =
        ExternalTool.run(
            dir,
            List.of(
                promtool.toString(),
                "tsdb",
                "create-blocks-from",
                "openmetrics",
                om.toString(),
                data.toString()));
    assertThat(blocks.exitCode()).as(blocks.output()).isZero();

    try (PrometheusServer prometheus =
        PrometheusServer.start(dir, "global: {scrape_interval: 15s}\n", data)) {
      Instant end = Instant.parse("2026-11-25T21:10:00Z");
      String conflicts = "synapse_e2ee_otk_conflicts_total" + STORM;
      assertThat(prometheus.value(conflicts, end)).isEqualTo(IncidentLog.CONFLICTS);
      assertThat(prometheus.value("increase(" + conflicts + "[10m])", end))
          .isEqualTo(IncidentLog.CONFLICTS);
      // One minute of the storm: every 2 s from 21:01:00 -> 30 in [21:02, 21:03).
      assertThat(
              prometheus.value(
                  conflicts + " - " + conflicts + " offset 1m",
                  Instant.parse("2026-11-25T21:03:00Z")))
          .isEqualTo(30);
      assertThat(
              prometheus.value(
                  "sum(synapse_e2ee_delayed_event_disconnects_total{instance=\"replay\"})", end))
          .isEqualTo(5);
      assertThat(
              prometheus.value(
                  "synapse_e2ee_device_client_info"
                      + STORM.replace("}", ",client=\"Element Desktop\"}"),
                  end))
          .isEqualTo(1);

      List<String> empty = new ArrayList<>();
      Instant duringStorm = Instant.parse("2026-11-25T21:04:00Z");
      for (JsonNode dashboard : Dashboards.all()) {
        if (!"synapse-e2ee-device".equals(dashboard.get("uid").asText())) {
          continue;
        }
        for (JsonNode panel : Dashboards.panels(dashboard)) {
          if (!panel.get("title").asText().startsWith("KE-1")) {
            continue;
          }
          for (JsonNode target : panel.get("targets")) {
            String expr = substitute(target.get("expr").asText());
            if (DATABASE_SIDE.stream().anyMatch(expr::contains)) {
              continue;
            }
            if (prometheus.query(expr, duringStorm).isEmpty()) {
              empty.add(panel.get("title").asText() + ": " + expr);
            }
          }
        }
      }
      assertThat(empty).as("device dashboard KE-1 panels without data at 21:04").isEmpty();
    }
  }

  private static String substitute(String expr) {
    for (Map.Entry<String, String> v :
        Map.of(
                "$instance",
                "replay",
                "$__rate_interval",
                "1m",
                "$user",
                IncidentLog.ALICE,
                "$device",
                IncidentLog.STORM_DEVICE)
            .entrySet()) {
      expr = expr.replace(v.getKey(), v.getValue());
    }
    return expr;
  }
}
