package dev.e2ee.exporter.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.demo.DemoEnvironment;
import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.Http;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every exporter metric the rules use exists on a running exporter (the demo): renaming a
 * metric without updating alerts/ fails the build instead of silently blinding an alert.
 */
class RuleMetricsExistTest {
  static final Pattern METRIC = Pattern.compile("synapse_e2ee_[a-z0-9_]+");

  @Test
  void everyMetricNamedInTheRulesIsServedByTheDemo() throws Exception {
    Set<String> used = new TreeSet<>();
    var yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
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
    try (DemoEnvironment env = DemoEnvironment.start(Clock.systemUTC());
        Exporter exporter = new Exporter(env.exporterConfig("127.0.0.1", 0), Clock.systemUTC(), Map.of())) {
      int port = exporter.start();
      String[] text = {""};
      Await.until(() -> {
        text[0] = Http.get(port, "/metrics").body();
        return text[0].contains("synapse_e2ee_db_up 1.0") && text[0].contains("# TYPE synapse_e2ee_device_inbox_stale_rows ")
            && text[0].contains("synapse_e2ee_otk_conflict_divergence{");
      }, Duration.ofSeconds(30));
      for (String name : used) {
        // The text format names a counter's family with _total, a histogram's without _bucket
        // (and synapse_e2ee_otk_count is a gauge whose name just ends in _count).
        String histogram = name.replaceAll("_(bucket|count|sum)$", "");
        assertThat(text[0].contains("# TYPE " + name + " ") || text[0].contains("# TYPE " + histogram + " histogram"))
            .as("%s (used in alerts/) is exposed", name).isTrue();
        assertThat(text[0]).as("%s has samples", name).containsPattern("(?m)^" + Pattern.quote(name) + "[{ ]");
      }
    }
  }
}
