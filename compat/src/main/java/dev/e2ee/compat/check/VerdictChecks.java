package dev.e2ee.compat.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.e2ee.compat.client.Http;
import dev.e2ee.compat.drive.EncryptedEvents;
import dev.e2ee.compat.exporter.Serve;
import dev.e2ee.compat.truth.DeviceTruth;
import dev.e2ee.compat.truth.Truth;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code serve}'s verdicts and pages after the run: the Q1/Q2 verdict series, the devices and
 * findings APIs, the landing page, and that none of them carries an access token or key value.
 */
final class VerdictChecks {
  private static final String P = "synapse_e2ee_";

  private final Serve serve;
  private final Truth truth;
  private final Checks checks;

  VerdictChecks(Serve serve, Truth truth, Checks checks) {
    this.serve = serve;
    this.truth = truth;
    this.checks = checks;
  }

  void run(PromText m) throws IOException, InterruptedException {
    verdicts(m);
    pages();
  }

  private void verdicts(PromText m) {
    verdict(m, "CAROLNEVER", "q2", "backlog", "#26.2");
    verdict(m, "CAROLQUIET", "q2", "backlog", "figure");
    verdict(m, "STORMDESKTOP", "q1", "divergence", "figure");
    DeviceTruth storm = truth.device("STORMDESKTOP");
    checks.equal(
        "serve.divergence_gauge",
        "figure",
        "otk_conflict_divergence of the storm device",
        1,
        (int)
            m.sum(
                P + "otk_conflict_divergence",
                Labels.of("user", storm.user(), "device", storm.device())));
    DeviceTruth dave = truth.device("DAVESYNC");
    checks.that(
        "serve.q2.DAVESYNC",
        "figure",
        "a device that drained has no backlog verdict",
        !m.present(P + "verdict", Labels.of("device", dave.device(), "verdict", "backlog")),
        verdictsOf(m, dave.device()));
  }

  private void pages() throws IOException, InterruptedException {
    JsonNode all = Http.JSON.readTree(serve.get("/api/v1/devices?all=true"));
    DeviceTruth bot = truth.device("BOTNOKEYS");
    String botEntry = "absent";
    boolean honest = true;
    for (JsonNode d : all.path("devices")) {
      if (bot.device().equals(d.path("device").asText())
          && "q1".equals(d.path("question").asText())) {
        botEntry = d.path("verdict").asText() + " | " + d.path("evidence").asText();
        honest =
            !(d.path("verdict").asText().equals("healthy")
                && d.path("evidence").asText().contains("0 unclaimed"));
      }
    }
    checks.that(
        "serve.q1.no_device_keys",
        "#26.9",
        "a device that never uploaded keys does not read 'healthy | 0 unclaimed keys'",
        honest,
        botEntry);
    JsonNode findings = Http.JSON.readTree(serve.get("/api/v1/findings"));
    List<String> events = new ArrayList<>();
    findings
        .path("encrypted_events_without_algorithm")
        .forEach(e -> events.add(e.path("event_id").asText()));
    checks.equal(
        "serve.ke3.findings",
        "figure",
        "findings list exactly the event stored without algorithm (not the redacted one)",
        truth.encryptedEvents(EncryptedEvents.WITHOUT_ALGORITHM),
        events);
    String landing = serve.get("/");
    checks.that(
        "serve.landing",
        "#26.2",
        "landing page names the storm device and the never-syncing KE-2 target",
        landing.contains("STORMDESKTOP") && landing.contains("CAROLNEVER"),
        "STORMDESKTOP "
            + landing.contains("STORMDESKTOP")
            + ", CAROLNEVER "
            + landing.contains("CAROLNEVER"));
    String everything =
        serve.get("/metrics") + landing + all + findings + serve.get("/api/v1/status");
    long leaked = Secrets.found(everything, truth.secrets());
    checks.equal(
        "serve.no_secrets",
        "figure",
        "no access token or key value in /metrics, /, the APIs",
        0L,
        leaked);
  }

  private void verdict(PromText m, String device, String question, String expected, String item) {
    DeviceTruth d = truth.device(device);
    checks.that(
        "serve." + question + "." + device,
        item,
        question + " verdict of " + device + " is " + expected,
        m.present(
            P + "verdict",
            Labels.of(
                "question", question, "user", d.user(), "device", device, "verdict", expected)),
        verdictsOf(m, device));
  }

  private static String verdictsOf(PromText m, String device) {
    List<String> found = new ArrayList<>();
    for (PromText.Sample s : m.samples()) {
      if (s.name().equals(P + "verdict")
          && device.equals(s.labels().get("device"))
          && s.value() == 1) {
        found.add(s.labels().get("question") + "=" + s.labels().get("verdict"));
      }
    }
    return found.isEmpty() ? "no verdict series" : String.join(", ", found);
  }
}
