package dev.e2ee.compat.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.e2ee.compat.client.Http;
import dev.e2ee.compat.exporter.ExporterJar;
import dev.e2ee.compat.truth.DeviceTruth;
import dev.e2ee.compat.truth.Truth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code replay --json} (the log alone) and {@code replay --confirm} (the log and the database as
 * it is now) on the run's log: every figure of the report against the truth.
 */
public final class ReplayChecks {
  private static final String[] ENDPOINTS = {
    "keys_upload", "keys_claim", "send_to_device", "sync", "delayed_events", "update_delayed_event"
  };

  private final ExporterJar jar;
  private final Truth truth;
  private final Checks checks;

  public ReplayChecks(ExporterJar jar, Truth truth, Checks checks) {
    this.jar = jar;
    this.truth = truth;
    this.checks = checks;
  }

  /** Both replays of {@code log}; {@code config} brings the database for --confirm. */
  public void run(Path log, Path config, Path dir) throws IOException, InterruptedException {
    Path plain = dir.resolve("replay.json");
    ExporterJar.Outcome a =
        jar.run(
            "replay",
            "replay",
            "--server-name",
            truth.serverName(),
            "--json",
            plain.toString(),
            "--report",
            dir.resolve("replay.md").toString(),
            log.toString());
    checks.equal("replay.exit", "figure", "replay --json exits 0", 0, a.exitCode());
    if (Files.exists(plain)) {
      logAlone(Http.JSON.readTree(plain.toFile()));
      checks.equal(
          "replay.no_secrets",
          "figure",
          "no access token or key value in the replay report",
          0L,
          Secrets.found(
              Files.readString(plain) + Files.readString(dir.resolve("replay.md")),
              truth.secrets()));
    }
    Path confirmed = dir.resolve("replay-confirm.json");
    ExporterJar.Outcome b =
        jar.run(
            "replay-confirm",
            "replay",
            "--config",
            config.toString(),
            "--confirm",
            "--json",
            confirmed.toString(),
            log.toString());
    checks.equal("replay.confirm.exit", "figure", "replay --confirm exits 0", 0, b.exitCode());
    if (Files.exists(confirmed)) {
      JsonNode storm = ke1Device(Http.JSON.readTree(confirmed.toFile()), stormDevice());
      checks.equal(
          "replay.confirm.q1",
          "figure",
          "replay --confirm: Q1 of the storm device (key id stored with another value)",
          "divergence",
          storm.path("verdict").asText("absent"));
    }
  }

  private void logAlone(JsonNode r) {
    for (String e : ENDPOINTS) {
      int found = 0;
      for (JsonNode n : r.path("requests").path(e)) {
        found += n.asInt();
      }
      checks.equal(
          "replay.requests." + e,
          e.equals("keys_upload") ? "#26.6" : "#26.7",
          "report requests." + e + " (all codes, text and JSON parts) = requests made",
          Labels.total(truth.requests(e)),
          found);
    }
    checks.equal(
        "replay.unrecognised_layout",
        "#26.4",
        "report skipped.unrecognised_layout",
        0,
        r.path("skipped").path("unrecognised_layout").asInt(0));
    DeviceTruth storm = stormDevice();
    JsonNode d = ke1Device(r, storm);
    checks.equal(
        "replay.ke1.conflicts",
        "#26.7",
        "conflicts of the storm device over the text and JSON parts",
        storm.otkConflicts(),
        d.path("conflicts").asInt(-1));
    checks.equal(
        "replay.ke1.client",
        "figure",
        "storm device's client",
        storm.client(),
        d.path("client").asText("absent"));
    checks.equal(
        "replay.ke1.values_differ",
        "figure",
        "storm device's values_differ",
        "yes",
        d.path("values_differ").asText("absent"));
    checks.equal(
        "replay.ke1.verdict_from_log",
        "#26.5",
        "Q1 from the log alone when Synapse's error shows differing values",
        "divergence",
        d.path("verdict_from_log").asText("absent"));
    checks.equal(
        "replay.ke4.disconnects",
        "#26.9",
        "report ke4 disconnects = restarts the client abandoned (logged 200!/500!)",
        truth.abandoned(),
        r.path("ke4").path("delayed_events").path("disconnects").asInt(-1));
    checks.equal(
        "replay.q4.verdict",
        "#26.3",
        "Q4 of the run (abandoned restarts after a 20 s stall) is homeserver_load",
        "homeserver_load",
        r.path("q4").path("verdict").asText("absent"));
    for (String type : List.of("io.element.call.encryption_keys", "m.room.encrypted")) {
      checks.equal(
          "replay.to_device." + type,
          "figure",
          "report ke2.to_device." + type + ".200",
          truth.toDevice(type).getOrDefault("200", 0),
          r.path("ke2").path("to_device").path(type).path("200").asInt(0));
    }
    for (String action : List.of("schedule", "update", "restart", "cancel")) {
      int found = 0;
      for (JsonNode n : r.path("ke4").path("delayed_events").path("requests").path(action)) {
        found += n.asInt();
      }
      checks.equal(
          "replay.delayed." + action,
          "figure",
          "report ke4 requests of action " + action + " (all codes)",
          Labels.total(truth.delayed(action)),
          found);
    }
  }

  private DeviceTruth stormDevice() {
    for (Map.Entry<String, DeviceTruth> e : truth.devices().entrySet()) {
      if (e.getValue().otkConflicts() > 0) {
        return e.getValue();
      }
    }
    throw new IllegalStateException("the truth has no storm device");
  }

  private static JsonNode ke1Device(JsonNode report, DeviceTruth d) {
    for (JsonNode n : report.path("ke1").path("devices")) {
      if (d.device().equals(n.path("device").asText())
          && d.user().equals(n.path("user").asText())) {
        return n;
      }
    }
    return Http.JSON.createObjectNode();
  }
}
