package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.PrometheusServer;
import dev.e2ee.exporter.testing.TestConfigs;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console over HTTP: never an all-clear while blind, the JSON twin, the runbook. */
class ConsoleEndpointsTest {

  @Test
  void aDatabaseThatNeverAnsweredAndNoLogAreNotAnAllClear() throws Exception {
    int nobody = PrometheusServer.freePort();
    try (Exporter exporter =
        new Exporter(
            TestConfigs.with(TestConfigs.disabledLogs(), TestConfigs.silentDatabase(nobody)),
            Clock.systemUTC(),
            Map.of())) {
      int port = exporter.start();
      Await.until(
          () -> Http.get(port, "/").body().contains("<td class=\"down\">down</td>"),
          Duration.ofSeconds(60));
      String page = Http.get(port, "/").body();
      assertThat(page)
          .contains(
              "What this page cannot tell",
              "no database: KE-2 (to-device backlog), Q1 (divergence or exhaustion) and KE-3"
                  + " cannot be answered since the exporter started at",
              "no log (switched off): KE-1 storms and Q4",
              "No device needs attention in what the exporter can see",
              "unknown: no access line read yet")
          .doesNotContain("id=\"all-clear\"", "None: no device");
      JsonObject json = new JsonObject(Http.get(port, "/api/v1/console").body());
      assertThat(json.getJsonArray("cannot_answer")).hasSize(2);
      assertThat(json.getJsonObject("q4").getString("verdict")).isEqualTo("unknown");
      assertThat(json.getJsonArray("devices")).isEmpty();
      JsonObject status = new JsonObject(Http.get(port, "/api/v1/status").body());
      assertThat(status.getJsonObject("q4").getString("verdict")).isEqualTo("unknown");
    }
  }

  @Test
  void withEverySourceSwitchedOffThePageSaysSoToo() {
    try (Exporter exporter = new Exporter(TestConfigs.noSources(), Clock.systemUTC(), Map.of())) {
      int port = exporter.start();
      assertThat(Http.get(port, "/").body())
          .contains("no database (switched off)", "no log (switched off)")
          .doesNotContain("id=\"all-clear\"");
    }
  }

  @Test
  void theRunbookIsServedWithAnAnchorPerSection() {
    try (Exporter exporter = new Exporter(TestConfigs.noSources(), Clock.systemUTC(), Map.of())) {
      int port = exporter.start();
      var runbook = Http.get(port, "/runbook");
      assertThat(runbook.statusCode()).isEqualTo(200);
      assertThat(runbook.body())
          .contains(
              "<h2 id=\"ke-1-otk-conflict-storm\">",
              "<h2 id=\"ke-4-delayed-event-timeouts\">",
              "<h2 id=\"exporter-down\">")
          .doesNotContain("does not carry docs/runbook.md");
    }
  }
}
