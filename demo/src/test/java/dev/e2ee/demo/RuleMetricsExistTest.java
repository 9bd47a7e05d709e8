package dev.e2ee.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.NeedsPostgres;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every exporter metric the rules and dashboards use exists on a running exporter (the demo) from
 * its first full scrape - after one database round and one log read, before anything has gone
 * wrong: renaming a metric without updating alerts/ or dashboards/ fails the build instead of
 * silently blinding an alert, and a labelled counter that only appears on its first error (a rate()
 * panel with "No data") is caught too.
 */
@NeedsPostgres
class RuleMetricsExistTest {
  static final Pattern METRIC = Pattern.compile("synapse_e2ee_[a-z0-9_]+");

  @Test
  void everyMetricNamedInTheRulesAndDashboardsIsOnTheDemosFirstFullScrape() throws Exception {
    Set<String> used = new TreeSet<>();
    var yaml = new ObjectMapper(new YAMLFactory());
    for (String file : new String[] {"recording.rules.yml", "alerts.rules.yml"}) {
      var root = yaml.readTree(ExternalTool.repository().resolve("alerts").resolve(file).toFile());
      for (var group : root.get("groups")) {
        for (var rule : group.get("rules")) {
          Matcher m = METRIC.matcher(rule.get("expr").asText());
          while (m.find()) {
            used.add(m.group());
          }
        }
      }
    }
    assertThat(used).hasSizeGreaterThan(15);
    try (var dashboards = Files.list(ExternalTool.repository().resolve("dashboards"))) {
      for (var file : dashboards.filter(f -> f.toString().endsWith(".json")).toList()) {
        Matcher m = METRIC.matcher(Files.readString(file));
        while (m.find()) {
          used.add(m.group());
        }
      }
    }
    assertThat(used)
        .contains("synapse_e2ee_db_query_errors_total", "synapse_e2ee_log_file_present");
    try (DemoEnvironment env = DemoEnvironment.start(Clock.systemUTC());
        Exporter exporter =
            new Exporter(env.exporterConfig("127.0.0.1", 0), Clock.systemUTC(), Map.of())) {
      int port = exporter.start();
      // The first full scrape: a round of the tailer has ended (records are counted as they are
      // read, the per-file gauges published when the round ends), then a database round.
      Await.until(
          () ->
              Http.get(port, "/metrics")
                  .body()
                  .contains("synapse_e2ee_log_last_record_timestamp_seconds{"),
          Duration.ofSeconds(30));
      double logRead = System.currentTimeMillis() / 1000.0;
      String[] text = {""};
      Await.until(
          () -> {
            text[0] = Http.get(port, "/metrics").body();
            Matcher success =
                Pattern.compile("(?m)^synapse_e2ee_db_last_success_timestamp_seconds ([0-9.E]+)$")
                    .matcher(text[0]);
            return success.find() && Double.parseDouble(success.group(1)) > logRead;
          },
          Duration.ofSeconds(30));
      List<String> missing = new ArrayList<>();
      for (String name : used) {
        // The text format names a counter's family with _total, a histogram's without _bucket
        // (and synapse_e2ee_otk_count is a gauge whose name just ends in _count).
        String histogram = name.replaceAll("_(bucket|count|sum)$", "");
        boolean typed =
            text[0].contains("# TYPE " + name + " ")
                || text[0].contains("# TYPE " + histogram + " histogram");
        boolean sampled =
            Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]").matcher(text[0]).find();
        if (!typed || !sampled) {
          missing.add(name);
        }
      }
      assertThat(missing)
          .as("metrics used in alerts/ or dashboards/ without samples on the first full scrape")
          .isEmpty();
    }
  }
}
