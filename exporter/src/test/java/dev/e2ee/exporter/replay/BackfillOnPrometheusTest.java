package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.e2ee.exporter.testing.Commands;
import dev.e2ee.exporter.testing.Dashboards;
import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.NeedsTool;
import dev.e2ee.exporter.testing.PrometheusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backfill as the runbook does it: {@code replay --openmetrics}, the real {@code promtool tsdb
 * create-blocks-from openmetrics}, a real Prometheus started on the blocks, then the recording
 * rules backfilled with {@code promtool tsdb create-blocks-from rules}. Its answers must be the
 * generated log's truth, and every KE panel of both dashboards that the log feeds must show the
 * storm (panels fed by the database or by Synapse's own metrics have nothing in a log).
 */
@NeedsTool
class BackfillOnPrometheusTest {
  private static final String STORM =
      "{homeserver=\"hs-a\",instance=\"replay\",job=\"synapse-e2ee-exporter\",user=\"@alice:example.org\",device=\"STORMDEV\"}";

  @Test
  void theIncidentAppearsInPrometheusWithTheLogsNumbers(@TempDir Path dir) throws Exception {
    Path log = ReplayCommandTest.oneFile(dir);
    Path om = dir.resolve("incident.om");
    Commands.Outcome o =
        Commands.run(
            "replay",
            "--openmetrics",
            om.toString(),
            "--step",
            "15s",
            "--label",
            "homeserver=hs-a",
            log.toString());
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(Files.readString(om)).endsWith("# EOF\n");
    Path data = Files.createDirectory(dir.resolve("data"));
    Path ruleBlocks = dir.resolve("rule-blocks");
    promtool(dir, "openmetrics", om.toString(), data.toString());

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
      // The layout the replay read the file in, as serve would show it (not the unused
      // parser's "undetected").
      assertThat(
              prometheus.value(
                  "synapse_e2ee_log_layout_info{instance=\"replay\",file=\"homeserver.log\",layout=\"text\"}",
                  end))
          .isEqualTo(1);

      // Step 4 of the runbook: the recording rules, evaluated over the backfilled range by
      // promtool against this Prometheus; a restart loads their blocks.
      promtool(
          dir,
          "rules",
          "--start=2026-11-25T21:00:00Z",
          "--end=2026-11-25T21:11:00Z",
          "--eval-interval=15s",
          "--url=http://127.0.0.1:" + prometheus.port(),
          "--output-dir=" + ruleBlocks,
          ExternalTool.repository().resolve("alerts/recording.rules.yml").toString());
    }
    try (var blocksMade = Files.list(ruleBlocks)) {
      for (Path block : blocksMade.toList()) {
        copyTree(block, data.resolve(block.getFileName()));
      }
    }
    try (PrometheusServer prometheus =
        PrometheusServer.start(dir, "global: {scrape_interval: 15s}\n", data)) {
      Set<String> available = backfilledNames(om);
      List<String> empty = new ArrayList<>();
      List<String> checked = new ArrayList<>();
      Instant duringStorm = Instant.parse("2026-11-25T21:04:00Z");
      for (JsonNode dashboard : Dashboards.all()) {
        for (JsonNode panel : Dashboards.panels(dashboard)) {
          if (!panel.get("title").asText().matches("KE-[124].*")) {
            continue;
          }
          for (JsonNode target : panel.get("targets")) {
            String expr = substitute(target.get("expr").asText());
            Set<String> used = metricNames(expr);
            if (!available.containsAll(used)) {
              continue; // fed by the database or by Synapse's own metrics: not in a log
            }
            checked.add(expr);
            if (prometheus.query(expr, duringStorm).isEmpty()) {
              empty.add(
                  dashboard.get("uid").asText()
                      + " / "
                      + panel.get("title").asText()
                      + ": "
                      + expr);
            }
          }
        }
      }
      assertThat(checked).as("log-fed KE panel queries").hasSizeGreaterThan(10);
      assertThat(empty).as("log-fed KE panels without data at 21:04").isEmpty();
      assertThat(
              prometheus.value(
                  "synapse_e2ee:otk_conflicts:rate5m{device=\"STORMDEV\"}",
                  Instant.parse("2026-11-25T21:06:00Z")))
          .as("the storm's five minutes, 30 conflicts each: 0.5/s, as rate() extrapolates it")
          .isCloseTo(0.5, Offset.offset(0.05));
    }
  }

  /** {@code promtool tsdb create-blocks-from SOURCE ARGS...}, which must succeed. */
  static void promtool(Path dir, String source, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                ExternalTool.require("promtool", "prometheus").toString(),
                "tsdb",
                "create-blocks-from",
                source));
    command.addAll(List.of(args));
    ExternalTool.Result result = ExternalTool.run(dir, command);
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  /** The families in the backfill, and the recording rules made from nothing else. */
  static Set<String> backfilledNames(Path om) throws Exception {
    Set<String> names = new HashSet<>();
    for (String line : Files.readAllLines(om)) {
      if (line.startsWith("# TYPE ")) {
        String[] f = line.split(" ", -1);
        String family = f[2];
        switch (f[3]) {
          case "counter" -> names.add(family + "_total");
          case "histogram" -> {
            names.add(family + "_bucket");
            names.add(family + "_count");
            names.add(family + "_sum");
          }
          case "info" -> names.add(family + "_info");
          default -> names.add(family);
        }
      }
    }
    JsonNode rules =
        new ObjectMapper(new YAMLFactory())
            .readTree(ExternalTool.repository().resolve("alerts/recording.rules.yml").toFile());
    for (JsonNode group : rules.get("groups")) {
      for (JsonNode rule : group.get("rules")) {
        if (names.containsAll(metricNames(rule.get("expr").asText()))) {
          names.add(rule.get("record").asText());
        }
      }
    }
    return names;
  }

  static Set<String> metricNames(String expr) {
    Set<String> out = new HashSet<>();
    Matcher m = Pattern.compile("\\b(synapse_[a-z0-9_:]+)").matcher(expr);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static String substitute(String expr) {
    for (Map.Entry<String, String> v :
        Map.of(
                "$homeserver",
                "hs-a",
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
