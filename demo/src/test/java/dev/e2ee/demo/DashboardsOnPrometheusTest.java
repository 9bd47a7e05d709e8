package dev.e2ee.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.Dashboards;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.NeedsTool;
import dev.e2ee.exporter.testing.PrometheusServer;
import dev.e2ee.exporter.testing.ShippedRules;
import dev.e2ee.fixture.DemoScenario;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's) on loopback scrapes the running demo exporter and a small
 * Synapse-shaped metrics endpoint, with alerts/ loaded as rule files; then every panel, variable
 * and annotation expression of both dashboards is run through its HTTP API.
 */
@NeedsPostgres
@NeedsTool
class DashboardsOnPrometheusTest {

  @Test
  void everyDashboardQueryRunsAndTheKePanelsShowTheDemo(@TempDir Path dir) throws Exception {
    HttpServer synapse = fakeSynapseMetrics();
    List<String> variables = new ArrayList<>();
    List<PrometheusServer> servers = new ArrayList<>();
    try (DemoEnvironment env = DemoEnvironment.start(Clock.systemUTC());
        Exporter exporter =
            new Exporter(env.exporterConfig("127.0.0.1", 0), Clock.systemUTC(), Map.of())) {
      int exporterPort = exporter.start();
      Path rules = ShippedRules.everySecond(dir, false);
      String config =
          String.join(
              "\n",
              ShippedRules.prometheusConfigHead(rules),
              "scrape_configs:",
              "  - {job_name: synapse-e2ee-exporter, static_configs: [{targets: ['127.0.0.1:"
                  + exporterPort
                  + "'], labels: {homeserver: demo}}]}",
              "  - {job_name: synapse, static_configs: [{targets: ['127.0.0.1:"
                  + synapse.getAddress().getPort()
                  + "'], labels: {homeserver: demo}}]}",
              "");
      PrometheusServer prometheus = PrometheusServer.start(dir, config, dir.resolve("data"));
      servers.add(prometheus);

      // What must have data: every annotation, and the KE panels for the demo's storm device.
      List<String> required = new ArrayList<>();
      List<String> all = new ArrayList<>();
      for (JsonNode dashboard : Dashboards.all()) {
        boolean device = "synapse-e2ee-device".equals(dashboard.get("uid").asText());
        for (JsonNode variable : dashboard.at("/templating/list")) {
          if ("query".equals(variable.get("type").asText())) {
            variables.add(substitute(variable.at("/query/query").asText()));
          }
        }
        for (JsonNode annotation : dashboard.at("/annotations/list")) {
          required.add(substitute(annotation.get("expr").asText()));
        }
        for (JsonNode panel : Dashboards.panels(dashboard)) {
          String title = panel.get("title").asText();
          boolean mustHaveData =
              title.startsWith("KE-1")
                  || title.startsWith("KE-2")
                  || (!device && title.startsWith("KE-4"));
          for (JsonNode target : panel.get("targets")) {
            String expr = substitute(target.get("expr").asText());
            all.add(expr);
            if (mustHaveData) {
              required.add(expr);
            }
          }
        }
      }
      // Wait for exactly that (rate() windows fill, the storm is joined, a DB round confirms it)
      // ...
      List<String> empty = new ArrayList<>(required);
      Await.until(
          () -> {
            empty.removeIf(expr -> !prometheus.query(expr).isEmpty());
            return empty.isEmpty();
          },
          Duration.ofMinutes(2));
      // ... then every expression, also those allowed to be empty, must run without error.
      for (String expr : all) {
        prometheus.query(expr);
      }
      for (String variable : variables) {
        assertThat(labelValues(prometheus, variable)).as("variable %s", variable).isNotEmpty();
      }
      assertThat(empty).as("annotations and KE panels without data for the demo").isEmpty();
    } finally {
      servers.forEach(PrometheusServer::close);
      synapse.stop(0);
    }
  }

  /** The dashboard variables, as a person looking at the demo's storm device would set them. */
  static String substitute(String expr) {
    return expr.replace("$homeserver", "demo")
        .replace("$instance", ".*")
        .replace("$__rate_interval", "1m")
        .replace("$user", DemoScenario.ALICE)
        .replace("$device", DemoScenario.STORM_DEVICE);
  }

  /** label_values(metric, label) the way Grafana resolves it: the series API for the matcher. */
  static List<String> labelValues(PrometheusServer prometheus, String definition) {
    String inner = definition.substring("label_values(".length(), definition.length() - 1);
    int comma = inner.lastIndexOf(',');
    String match = inner.substring(0, comma).strip();
    String label = inner.substring(comma + 1).strip();
    JsonNode found =
        prometheus.get(
            "/api/v1/series?match[]=" + URLEncoder.encode(match, StandardCharsets.UTF_8),
            definition);
    List<String> values = new ArrayList<>();
    found.forEach(
        series -> {
          if (series.has(label)) {
            values.add(series.get(label).asText());
          }
        });
    return values;
  }

  /**
   * Synapse's request histogram, growing with every scrape: /sync slow (long-poll), the rest fast.
   */
  static HttpServer fakeSynapseMetrics() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicLong scrapes = new AtomicLong();
    server.createContext(
        "/metrics",
        exchange -> {
          long n = scrapes.incrementAndGet();
          StringBuilder b =
              new StringBuilder("# TYPE synapse_http_server_response_time_seconds histogram\n");
          for (String[] s :
              new String[][] {{"RoomSendEventRestServlet", "0.05"}, {"SyncRestServlet", "30"}}) {
            for (String le : new String[] {"0.1", "1.0", "10.0", "+Inf"}) {
              boolean inBucket =
                  "+Inf".equals(le) || Double.parseDouble(le) >= Double.parseDouble(s[1]);
              b.append("synapse_http_server_response_time_seconds_bucket{method=\"GET\",servlet=\"")
                  .append(s[0])
                  .append("\",tag=\"8008\",code=\"200\",le=\"")
                  .append(le)
                  .append("\"} ")
                  .append(inBucket ? n * 10 : 0)
                  .append('\n');
            }
            b.append("synapse_http_server_response_time_seconds_count{method=\"GET\",servlet=\"")
                .append(s[0])
                .append("\",tag=\"8008\",code=\"200\"} ")
                .append(n * 10)
                .append('\n');
            b.append("synapse_http_server_response_time_seconds_sum{method=\"GET\",servlet=\"")
                .append(s[0])
                .append("\",tag=\"8008\",code=\"200\"} ")
                .append(n * 10 * Double.parseDouble(s[1]))
                .append('\n');
          }
          byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }
}
