package dev.e2ee.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.DemoStormSeries;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.fixture.DemoScenario;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The decision tree on the demo's scenario, end to end: the real log and database side feed it, and
 * the verdicts come out on /api/v1/devices, /metrics and the landing page.
 */
@NeedsPostgres
class VerdictsOnDemoTest {

  static String verdictOf(JsonArray devices, String device, String question) {
    for (int i = 0; i < devices.size(); i++) {
      JsonObject d = devices.getJsonObject(i);
      if (device.equals(d.getString("device")) && question.equals(d.getString("question"))) {
        return d.getString("verdict");
      }
    }
    return null;
  }

  @Test
  void theScenariosDevicesGetTheRunbooksAnswers() throws Exception {
    try (DemoEnvironment env = DemoEnvironment.start(Clock.systemUTC());
        Exporter exporter =
            new Exporter(env.exporterConfig("127.0.0.1", 0), Clock.systemUTC(), Map.of())) {
      int port = exporter.start();
      JsonArray[] devices = {new JsonArray()};
      // The stalled backlog needs the demo's 30 s backlog_stall to pass.
      Await.until(
          () -> {
            devices[0] =
                new JsonObject(Http.get(port, "/api/v1/devices").body()).getJsonArray("devices");
            return "backlog".equals(verdictOf(devices[0], DemoScenario.CAROL_WEB, "q2"))
                && "divergence".equals(verdictOf(devices[0], DemoScenario.STORM_DEVICE, "q1"));
          },
          Duration.ofSeconds(90));
      JsonArray d = devices[0];
      assertThat(verdictOf(d, DemoScenario.STORM_DEVICE, "q1")).isEqualTo("divergence");
      assertThat(verdictOf(d, DemoScenario.BOB_LAPTOP, "q1")).isEqualTo("exhaustion");
      assertThat(verdictOf(d, DemoScenario.CAROL_WEB, "q2")).isEqualTo("backlog");
      assertThat(verdictOf(d, DemoScenario.CAROL_GONE, "q2")).isEqualTo("stale_device");
      assertThat(verdictOf(d, DemoScenario.ALICE_PHONE, "q1"))
          .as("healthy devices are not listed")
          .isNull();
      JsonObject all = new JsonObject(Http.get(port, "/api/v1/devices?all=true").body());
      assertThat(verdictOf(all.getJsonArray("devices"), DemoScenario.ALICE_PHONE, "q1"))
          .isEqualTo("healthy");

      JsonObject findings = new JsonObject(Http.get(port, "/api/v1/findings").body());
      assertThat(
              findings
                  .getJsonArray("encrypted_events_without_algorithm")
                  .getJsonObject(0)
                  .getString("event_id"))
          .isEqualTo(DemoScenario.MALFORMED_EVENT);
      assertThat(findings.getJsonArray("otk_conflicts").getJsonObject(0).getString("key_id"))
          .isEqualTo(DemoScenario.STORM_KEY_ID);
      assertThat(findings.encode()).doesNotContain("serverSideKeyValue", "clientSideKeyValue");

      String metrics = Http.get(port, "/metrics").body();
      assertThat(metrics).contains(DemoStormSeries.DIVERGENCE_VERDICT_SAMPLE);
      // The storming device is named with the client release behind it (#17).
      assertThat(metrics)
          .contains(
              "synapse_e2ee_device_client_info{client=\"Element Desktop\",device=\""
                  + DemoScenario.STORM_DEVICE
                  + "\",user=\""
                  + DemoScenario.ALICE
                  + "\",version=\"1.12.8\"} 1.0");
      String page = Http.get(port, "/").body();
      assertThat(page)
          .contains(
              "Devices that need attention",
              DemoScenario.STORM_DEVICE,
              "divergence",
              DemoScenario.MALFORMED_EVENT,
              "server_data",
              "(Element Desktop 1.12.8)");
    }
  }
}
