package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.e2ee.exporter.testing.Commands;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log of one compat-suite run against a real Synapse 1.160.0 (text, then Synapse's JSON
 * formatter from the middle on, with a restart and a 20 s SIGSTOP stall), replayed, and every
 * log-borne figure compared with the truth the suite's driver recorded beside it (truth.json:
 * counted at the client from Synapse's answers). Refreshed by compat/run.sh; see docs/compat.md.
 * One test per #26 item, so which items hold is visible by name.
 */
class RealSynapseLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DIR = "/dev/e2ee/exporter/replay/real-synapse/";
  private static final String P = "synapse_e2ee_";

  @TempDir static Path dir;
  static JsonNode truth;
  static JsonNode report;
  static LastSamples metrics;

  @BeforeAll
  static void replayTheRealLog() throws Exception {
    Path log = dir.resolve("homeserver.log");
    try (InputStream in =
        Objects.requireNonNull(
            RealSynapseLogTest.class.getResourceAsStream(DIR + "homeserver.log"))) {
      Files.copy(in, log);
    }
    try (InputStream in =
        Objects.requireNonNull(RealSynapseLogTest.class.getResourceAsStream(DIR + "truth.json"))) {
      truth = JSON.readTree(in);
    }
    // Synapse (in the chroot) wrote its text timestamps in UTC; the JSON part carries epoch
    // seconds. The zone is given so the two parts line up on any test machine.
    Path config = dir.resolve("replay.yml");
    Files.writeString(
        config,
        "synapse:\n  server_name: "
            + truth.path("server_name").asText()
            + "\n  log_timezone: UTC\ndatabase:\n  enabled: false\n");
    Path json = dir.resolve("report.json");
    Path om = dir.resolve("backfill.om");
    Commands.Outcome o =
        Commands.replayToJson(config, json, "--openmetrics", om.toString(), log.toString());
    assertThat(o.exit()).as(o.err()).isZero();
    report = JSON.readTree(json.toFile());
    metrics = new LastSamples(Files.readString(om));
  }

  @Test
  void item1_claimsAreCountedPerDeviceFromCommaJoinedLines() {
    for (JsonNode d : devices()) {
      if (d.path("keys_claimed").asInt() > 0) {
        assertThat(metrics.sum(P + "otk_claims_total", device(d)))
            .as("otk_claims_total of %s", d.path("device").asText())
            .isEqualTo(d.path("keys_claimed").asDouble());
      }
    }
    List<String> bad = new ArrayList<>();
    for (LastSamples.Series s : metrics.all()) {
      s.labels().values().stream()
          .filter(v -> v.contains(",") || v.contains("signed_curve25519:"))
          .forEach(v -> bad.add(s.name() + "=" + v));
    }
    assertThat(bad).as("labels holding a key id or a comma-joined list").isEmpty();
  }

  @Test
  void item3_abandonedRestartsAfterAStallReadHomeserverLoad() {
    assertThat(report.at("/q4/verdict").asText()).isEqualTo("homeserver_load");
  }

  @Test
  void item4_multiLineValidationErrorsContinueTheirRecord() {
    assertThat(report.at("/skipped/unrecognised_layout").asInt(0)).isZero();
    assertThat(metrics.sum(P + "key_uploads_total", Map.of("outcome", "rejected")))
        .isEqualTo(sum(devices(), "uploads_rejected"));
  }

  @Test
  void item5_differingValuesInSynapsesErrorAreDivergenceFromTheLogAlone() {
    JsonNode storm = stormReport();
    assertThat(storm.path("values_differ").asText()).isEqualTo("yes");
    assertThat(storm.path("verdict_from_log").asText()).isEqualTo("divergence");
  }

  @Test
  void item5_theAlertRulesSeeTheLogsDivergenceEvidenceAsAGauge() {
    // What E2EEOtkDivergence reads when no database answers for the device (a log-only exporter).
    Map<String, String> storm = device(stormTruth());
    assertThat(
            metrics.all().stream()
                .filter(s -> s.name().equals(P + "otk_conflict_values_differ"))
                .filter(s -> s.labels().entrySet().containsAll(storm.entrySet())))
        .as("values_differ series of the storm device %s", storm)
        .singleElement()
        .satisfies(s -> assertThat(s.value()).isEqualTo(1.0));
  }

  @Test
  void item6_everyUploadIsCountedOnceOnItsDevice() {
    double made =
        sum(devices(), "uploads_ok")
            + sum(devices(), "otk_conflicts")
            + sum(devices(), "uploads_rejected");
    assertThat(metrics.sum(P + "key_uploads_total", Map.of())).isEqualTo(made);
    for (JsonNode d : devices()) {
      if (d.path("uploads_ok").asInt() > 0) {
        assertThat(metrics.sum(P + "key_uploads_total", with(device(d), "outcome", "ok")))
            .as("ok uploads of %s", d.path("device").asText())
            .isEqualTo(d.path("uploads_ok").asDouble());
      }
    }
  }

  @Test
  void item7_everyRequestOfTheTextAndJsonPartsIsCounted() {
    JsonNode requests = truth.path("requests");
    for (String endpoint :
        List.of(
            "keys_upload",
            "keys_claim",
            "send_to_device",
            "sync",
            "delayed_events",
            "update_delayed_event")) {
      assertThat(total(report.path("requests").path(endpoint)))
          .as("requests of %s", endpoint)
          .isEqualTo(total(requests.path(endpoint)));
    }
    JsonNode storm = stormTruth();
    assertThat(stormReport().path("conflicts").asInt())
        .isEqualTo(storm.path("otk_conflicts").asInt());
  }

  @Test
  void item8_realAgentsAreNamed() {
    for (JsonNode d : devices()) {
      if (d.path("uploads_ok").asInt() > 0) {
        assertThat(
                metrics.sum(
                    P + "device_client_info", with(device(d), "client", d.path("client").asText())))
            .as("%s sends %s", d.path("device").asText(), d.path("user_agent").asText())
            .isEqualTo(1.0);
      }
    }
  }

  @Test
  void item9_abandonedRequestsAreCountedWhateverTheirStatus() {
    assertThat(report.at("/ke4/delayed_events/disconnects").asInt())
        .isEqualTo(truth.path("abandoned").asInt());
  }

  @Test
  void figures_toDeviceAndDelayedEventsMatchTheTruth() {
    truth
        .path("to_device")
        .properties()
        .forEach(
            t ->
                assertThat(
                        report.path("ke2").path("to_device").path(t.getKey()).path("200").asInt())
                    .as("to-device %s", t.getKey())
                    .isEqualTo(t.getValue().path("200").asInt()));
    truth
        .path("delayed_events")
        .properties()
        .forEach(
            a ->
                assertThat(total(report.at("/ke4/delayed_events/requests").path(a.getKey())))
                    .as("delayed-event action %s", a.getKey())
                    .isEqualTo(total(a.getValue())));
    JsonNode storm = stormReport();
    assertThat(storm.path("client").asText()).isEqualTo(stormTruth().path("client").asText());
  }

  private static List<JsonNode> devices() {
    List<JsonNode> out = new ArrayList<>();
    truth.path("devices").forEach(out::add);
    return out;
  }

  private static JsonNode stormTruth() {
    return devices().stream()
        .filter(d -> d.path("otk_conflicts").asInt() > 0)
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode stormReport() {
    JsonNode storm = stormTruth();
    for (JsonNode d : report.at("/ke1/devices")) {
      if (d.path("device").asText().equals(storm.path("device").asText())) {
        return d;
      }
    }
    throw new AssertionError("the storm device is not in the report's ke1.devices");
  }

  private static Map<String, String> device(JsonNode d) {
    return Map.of("user", d.path("user").asText(), "device", d.path("device").asText());
  }

  private static Map<String, String> with(Map<String, String> m, String k, String v) {
    Map<String, String> out = new java.util.HashMap<>(m);
    out.put(k, v);
    return out;
  }

  private static double sum(List<JsonNode> devices, String field) {
    return devices.stream().mapToDouble(d -> d.path(field).asDouble()).sum();
  }

  /** All codes (the truth's "abandoned" included: Synapse logged those with their status + !). */
  private static int total(JsonNode byCode) {
    int n = 0;
    for (JsonNode v : byCode) {
      n += v.asInt();
    }
    return n;
  }
}
