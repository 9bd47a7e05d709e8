package dev.e2ee.exporter.alerts;

import static dev.e2ee.exporter.testing.PrometheusServer.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.e2ee.exporter.config.ConfigLoader;
import dev.e2ee.exporter.replay.IncidentLog;
import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.NeedsTool;
import dev.e2ee.exporter.testing.PrometheusServer;
import dev.e2ee.exporter.testing.ShippedRules;
import dev.e2ee.exporter.testing.SynapsePostgres;
import dev.e2ee.exporter.testing.TestDatabase;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synapse workers on two hosts: each host runs a log-only exporter on its worker's log, a third
 * exporter polls the database (and reads the main process's log). A real Prometheus scrapes all
 * three with the shipped rules; per homeserver, log-side totals add up to the logs' truth once, and
 * database-side series come from the polling exporter alone.
 */
@ExtendWith(SynapsePostgres.class)
@NeedsPostgres
@NeedsTool
class WorkersOnPrometheusTest {
  private final List<Exporter> exporters = new ArrayList<>();

  @AfterEach
  void closeExporters() {
    exporters.forEach(Exporter::close);
  }

  @Test
  void logSideSumsOverHostsAndDatabaseSideCountsOnce(@TempDir Path dir) throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    long now = System.currentTimeMillis();
    db.rows()
        .device(IncidentLog.ALICE, IncidentLog.STORM_DEVICE, now, false)
        .device(IncidentLog.ALICE, "PHONE", now, false)
        .device(IncidentLog.BOB, "BOBDEV", now, false)
        .oneTimeKeys(IncidentLog.ALICE, "PHONE", "AAAA", 12, now);
    Path worker1 = Files.createFile(dir.resolve("worker1.log"));
    Path worker2 = Files.createFile(dir.resolve("worker2.log"));
    Path main = Files.createFile(dir.resolve("main.log"));
    List<String> incident = new IncidentLog().lines();
    int half = incident.size() / 2;

    int w1 = start(exporters, logOnly(dir, worker1));
    int w2 = start(exporters, logOnly(dir, worker2));
    int poller = start(exporters, polling(dir, main, db));
    Path rules = ShippedRules.everySecond(dir, true);
    String config =
        scrapingHsA(
            String.join(
                "\n",
                "global: {scrape_interval: 1s, evaluation_interval: 1s}",
                "rule_files: ['" + rules.resolve("recording.rules.yml") + "']"),
            w1,
            w2,
            poller);
    try (PrometheusServer prometheus =
        PrometheusServer.start(dir, config, Files.createDirectory(dir.resolve("data")))) {
      Await.until(
          () ->
              prometheus.query("up == 1").size() == 3
                  && !prometheus.query("synapse_e2ee_db_up == 1").isEmpty(),
          Duration.ofSeconds(60));
      // Both worker logs grow while Prometheus watches, in two steps, so rates are not 0.
      append(worker1, incident.subList(0, half));
      append(worker2, incident.subList(0, half));
      Await.until(
          () -> prometheus.query("synapse_e2ee_otk_conflicts_total").size() == 2,
          Duration.ofSeconds(30));
      append(worker1, incident.subList(half, incident.size()));
      append(worker2, incident.subList(half, incident.size()));

      String conflicts =
          "sum by (homeserver) (synapse_e2ee_otk_conflicts_total{job=\"synapse-e2ee-exporter\"})";
      Await.until(
          () -> valueOrZero(prometheus, conflicts) == 2 * IncidentLog.CONFLICTS,
          Duration.ofSeconds(30));
      assertThat(perInstance(prometheus, "synapse_e2ee_otk_conflicts_total"))
          .as("each worker host counts its own log, the poller's log has no storm")
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "127.0.0.1:" + w1, (double) IncidentLog.CONFLICTS,
                  "127.0.0.1:" + w2, (double) IncidentLog.CONFLICTS));
      assertThat(
              value(
                  prometheus, "sum by (homeserver) (synapse_e2ee_delayed_event_disconnects_total)"))
          .isEqualTo(2 * IncidentLog.DISCONNECTS);

      // The recorded rate: one series per device for the homeserver, no instance, and it is
      // the sum of both hosts' rates.
      String recorded =
          "synapse_e2ee:otk_conflicts:rate5m{homeserver=\"hs-a\",device=\""
              + IncidentLog.STORM_DEVICE
              + "\"}";
      Await.until(() -> valueOrZero(prometheus, recorded) > 0, Duration.ofSeconds(30));
      JsonNode series = prometheus.query(recorded);
      assertThat(series).hasSize(1);
      List<String> labels = new ArrayList<>();
      series.get(0).get("metric").fieldNames().forEachRemaining(labels::add);
      assertThat(labels).containsExactlyInAnyOrder("__name__", "homeserver", "user", "device");
      // Recomputed by hand at the instant the rule was evaluated: the same number.
      double at = value(prometheus, "timestamp(" + recorded + ")");
      double recordedValue = value(prometheus, recorded);
      String summed =
          "sum by (homeserver, user, device) (rate(synapse_e2ee_otk_conflicts_total{device=\""
              + IncidentLog.STORM_DEVICE
              + "\"}[5m]))";
      JsonNode byHand =
          prometheus.get(
              "/api/v1/query?query="
                  + URLEncoder.encode(summed, StandardCharsets.UTF_8)
                  + "&time="
                  + at,
              summed);
      assertThat(Double.parseDouble(byHand.at("/0/value/1").asText()))
          .isCloseTo(recordedValue, within(1e-9));
      assertThat(perInstance(prometheus, "rate(synapse_e2ee_otk_conflicts_total[5m])"))
          .as("both hosts contribute")
          .hasSize(2)
          .allSatisfy((instance, rate) -> assertThat(rate).isPositive());

      // Database side: only the poller exports it, so nothing is counted twice.
      assertThat(value(prometheus, "count(synapse_e2ee_db_up)")).isEqualTo(1);
      assertThat(value(prometheus, "sum by (homeserver) (synapse_e2ee_devices_by_otk_stock)"))
          .isEqualTo(3);
      Await.until(
          () -> !prometheus.query("synapse_e2ee_otk_count{device=\"PHONE\"}").isEmpty(),
          Duration.ofSeconds(30));
      assertThat(value(prometheus, "sum(synapse_e2ee_otk_count{device=\"PHONE\"})")).isEqualTo(12);
      assertThat(
              value(
                  prometheus,
                  "count by (homeserver) (synapse_e2ee_homeserver_info{database=\"polled\"})"))
          .isEqualTo(1);
      assertThat(
              value(
                  prometheus,
                  "count by (homeserver) (synapse_e2ee_homeserver_info{server_name=\"example.org\",logs=\"read\"})"))
          .isEqualTo(3);
    }
  }

  /**
   * The divergence check (runbook Q1) needs the rejected key id from the log and the stored key in
   * one process: a worker host's exporter with {@code database.role: confirm} looks up only its own
   * log's conflicts, and the critical alert fires for a storm no polling exporter saw.
   */
  @Test
  void aWorkerHostThatConfirmsRaisesTheDivergenceAlertForItsOwnStorm(@TempDir Path dir)
      throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    long now = System.currentTimeMillis();
    IncidentLog.storeDivergentKey(
        db.rows().device(IncidentLog.ALICE, IncidentLog.STORM_DEVICE, now, false));
    Path worker = Files.createFile(dir.resolve("worker1.log"));
    Path main = Files.createFile(dir.resolve("main.log"));
    List<String> incident = new IncidentLog().lines();
    int half = incident.size() / 2;
    int confirming = start(exporters, confirming(dir, worker, db));
    int poller = start(exporters, polling(dir, main, db));
    Path rules = ShippedRules.everySecond(dir, true);
    String config = scrapingHsA(ShippedRules.prometheusConfigHead(rules), confirming, poller);
    try (PrometheusServer prometheus =
        PrometheusServer.start(dir, config, Files.createDirectory(dir.resolve("data")))) {
      Await.until(
          () -> prometheus.query("synapse_e2ee_db_up == 1").size() == 2, Duration.ofSeconds(60));
      append(worker, incident.subList(0, half));
      Await.until(
          () -> !prometheus.query("synapse_e2ee_otk_conflicts_total").isEmpty(),
          Duration.ofSeconds(30));
      append(worker, incident.subList(half, incident.size()));

      String instance = "127.0.0.1:" + confirming;
      Await.until(
          () -> firing(prometheus, "E2EEOtkDivergence").contains(IncidentLog.STORM_DEVICE),
          Duration.ofSeconds(60));
      JsonNode divergence =
          prometheus.query(
              "synapse_e2ee_otk_conflict_divergence{device=\"" + IncidentLog.STORM_DEVICE + "\"}");
      assertThat(divergence).hasSize(1);
      assertThat(divergence.at("/0/metric/instance").asText())
          .as("only the exporter whose log saw the storm can confirm it")
          .isEqualTo(instance);
      assertThat(firing(prometheus, "E2EEOtkConflictStorm"))
          .as("a confirmed divergence is not also called a client loop")
          .doesNotContain(IncidentLog.STORM_DEVICE);
      // Confirming polls nothing else: no device lists, key counts or whole-table figures.
      for (String metric :
          List.of(
              "synapse_e2ee_watched_devices",
              "synapse_e2ee_otk_count",
              "synapse_e2ee_devices_by_otk_stock",
              "synapse_e2ee_device_inbox_rows")) {
        assertThat(prometheus.query(metric + "{instance=\"" + instance + "\"}"))
            .as(metric)
            .isEmpty();
      }
      assertThat(
              prometheus.query(
                  "synapse_e2ee_homeserver_info{database=\"confirms\",instance=\""
                      + instance
                      + "\"}"))
          .hasSize(1);
    }
  }

  /** The labels of the alerts named {@code name} now firing, as text. */
  private static String firing(PrometheusServer prometheus, String name) {
    StringBuilder out = new StringBuilder();
    prometheus
        .get("/api/v1/alerts", "alerts")
        .get("alerts")
        .forEach(
            a -> {
              if (name.equals(a.at("/labels/alertname").asText())
                  && "firing".equals(a.get("state").asText())) {
                out.append(a.get("labels")).append('\n');
              }
            });
    return out.toString();
  }

  /** A Prometheus config: {@code head}, then one scrape job over these exporters of hs-a. */
  private static String scrapingHsA(String head, int... exporterPorts) {
    return String.join(
        "\n",
        head,
        "scrape_configs:",
        "  - job_name: synapse-e2ee-exporter",
        "    static_configs:",
        "      - targets: ["
            + Arrays.stream(exporterPorts)
                .mapToObj(port -> "'127.0.0.1:" + port + "'")
                .collect(Collectors.joining(", "))
            + "]",
        "        labels: {homeserver: hs-a}",
        "");
  }

  private static int start(List<Exporter> exporters, String yaml) {
    Exporter exporter = new Exporter(ConfigLoader.parse(yaml, "test"), Clock.systemUTC(), Map.of());
    exporters.add(exporter);
    return exporter.start();
  }

  private static String common(Path dir, Path log) throws IOException {
    return String.join(
        "\n",
        "listen: {address: 127.0.0.1, port: " + freePort() + "}",
        "synapse: {server_name: example.org, log_timezone: UTC}",
        "logs: {files: ['"
            + log
            + "'], start_at: beginning, poll_interval: 100ms,"
            + " positions_file: '"
            + dir.resolve(log.getFileName() + ".positions")
            + "'}",
        "");
  }

  private static String logOnly(Path dir, Path log) throws IOException {
    return common(dir, log) + "database: {enabled: false}\n";
  }

  private static String confirming(Path dir, Path log, TestDatabase db) throws IOException {
    return common(dir, log) + database(db, "role: confirm, poll_interval: 1s");
  }

  private static String polling(Path dir, Path log, TestDatabase db) throws IOException {
    return common(dir, log) + database(db, "poll_interval: 1s, aggregate_interval: 10s");
  }

  private static String database(TestDatabase db, String settings) {
    return "database: {host: 127.0.0.1, port: "
        + db.server().port()
        + ", name: "
        + db.name()
        + ", user: "
        + db.server().superuser()
        + ", sslmode: disable, "
        + settings
        + "}\n";
  }

  private static void append(Path file, List<String> lines) throws Exception {
    Files.write(file, lines, StandardOpenOption.APPEND);
  }

  private static Map<String, Double> perInstance(PrometheusServer prometheus, String metric) {
    Map<String, Double> out = new HashMap<>();
    prometheus
        .query("sum by (instance) (" + metric + ")")
        .forEach(
            r ->
                out.put(
                    r.at("/metric/instance").asText(),
                    Double.parseDouble(r.at("/value/1").asText())));
    return out;
  }

  private static double value(PrometheusServer prometheus, String expr) {
    JsonNode result = prometheus.query(expr);
    assertThat(result).as(expr).hasSize(1);
    return Double.parseDouble(result.at("/0/value/1").asText());
  }

  private static double valueOrZero(PrometheusServer prometheus, String expr) {
    JsonNode result = prometheus.query(expr);
    return result.isEmpty() ? 0 : Double.parseDouble(result.at("/0/value/1").asText());
  }
}
