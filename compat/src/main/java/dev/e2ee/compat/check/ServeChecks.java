package dev.e2ee.compat.check;

import dev.e2ee.compat.drive.EncryptedEvents;
import dev.e2ee.compat.exporter.Serve;
import dev.e2ee.compat.truth.DeviceTruth;
import dev.e2ee.compat.truth.Truth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code serve}'s claims after the run: /metrics, the verdict API and the landing page, each figure
 * against the truth. Waits are for states (all requests counted, a verdict settled), with a limit;
 * nothing depends on how long anything took.
 */
public final class ServeChecks {
  private static final String P = "synapse_e2ee_";
  private static final String[] ENDPOINTS = {
    "keys_upload", "keys_claim", "send_to_device", "sync", "delayed_events", "update_delayed_event"
  };

  private final Serve serve;
  private final Truth truth;
  private final Checks checks;
  private final Path dir;

  public ServeChecks(Serve serve, Truth truth, Checks checks, Path dir) {
    this.dir = dir;
    this.serve = serve;
    this.truth = truth;
    this.checks = checks;
  }

  public void run() throws IOException, InterruptedException {
    int syncs = Labels.total(truth.requests("sync"));
    // The last request of the run is a sync: once every sync is counted, the log is read.
    serve.await(
        "/metrics",
        t ->
            PromText.parse(t).sum(P + "http_requests_total", Labels.of("endpoint", "sync"))
                >= syncs,
        Duration.ofSeconds(60));
    // KE-2 verdicts need one whole backlog_stall (30 s) of watching.
    DeviceTruth never = truth.device("CAROLNEVER");
    serve.await(
        "/metrics",
        t ->
            PromText.parse(t)
                    .sum(
                        P + "verdict",
                        Labels.of("question", "q2", "device", never.device(), "verdict", "backlog"))
                > 0,
        Duration.ofSeconds(90));
    String metrics = serve.get("/metrics");
    Files.writeString(dir.resolve("serve-metrics.txt"), metrics);
    Files.writeString(dir.resolve("serve-devices.json"), serve.get("/api/v1/devices?all=true"));
    Files.writeString(dir.resolve("serve-landing.html"), serve.get("/"));
    PromText m = PromText.parse(metrics);
    logFigures(m);
    keyFigures(m);
    toDeviceFigures(m);
    new VerdictChecks(serve, truth, checks).run(m);
  }

  private void logFigures(PromText m) {
    for (String e : ENDPOINTS) {
      Map<String, Integer> byCode = truth.requests(e);
      checks.equal(
          "serve.requests." + e,
          e.equals("keys_upload") ? "#26.6" : "figure",
          "requests_total{endpoint=" + e + "} (all codes) = requests the driver made",
          Labels.total(byCode),
          (int) m.sum(P + "http_requests_total", Labels.of("endpoint", e)));
    }
    checks.equal(
        "serve.disconnects",
        "#26.9",
        "requests_disconnected_total{endpoint=update_delayed_event} = restarts the client abandoned",
        truth.abandoned(),
        (int)
            m.sum(
                P + "http_requests_disconnected_total",
                Labels.of("endpoint", "update_delayed_event")));
    for (String action : List.of("schedule", "update", "restart", "cancel")) {
      checks.equal(
          "serve.delayed." + action,
          "figure",
          "delayed_event_requests_total{action=" + action + "} (all codes)",
          Labels.total(truth.delayed(action)),
          (int) m.sum(P + "delayed_event_requests_total", Labels.of("action", action)));
    }
    checks.equal(
        "serve.unrecognised_layout",
        "#26.4",
        "no line of the real log is unrecognised_layout (multi-line validation errors continue"
            + " their record)",
        0,
        (int) m.sum(P + "log_lines_skipped_total", Labels.of("reason", "unrecognised_layout")));
  }

  private void keyFigures(PromText m) {
    int uploads = 0;
    for (DeviceTruth d : truth.devices().values()) {
      Map<String, String> dev = Labels.of("user", d.user(), "device", d.device());
      uploads += d.uploadsOk() + d.otkConflicts() + d.uploadsRejected();
      if (d.uploadsOk() > 0) {
        checks.equal(
            "serve.uploads_ok." + d.device(),
            "figure",
            "key_uploads_total{outcome=ok} of " + d.device(),
            d.uploadsOk(),
            (int) m.sum(P + "key_uploads_total", with(dev, "outcome", "ok")));
        checks.equal(
            "serve.otk_count." + d.device(),
            "figure",
            "otk_count{signed_curve25519} of " + d.device() + " = uploaded - claimed",
            d.otkStored(),
            (int) m.sum(P + "otk_count", with(dev, "algorithm", "signed_curve25519")));
        String item = d.client().equals("Element Desktop") ? "figure" : "#26.8";
        checks.that(
            "serve.client." + d.device(),
            item,
            "device_client_info names " + d.client() + " for " + d.device(),
            m.present(P + "device_client_info", with(dev, "client", d.client())),
            clientsOf(m, d));
      }
      if (d.keysClaimed() > 0) {
        checks.equal(
            "serve.claims." + d.device(),
            "#26.1",
            "otk_claims_total of " + d.device() + " = keys /keys/claim handed out from it",
            d.keysClaimed(),
            (int) m.sum(P + "otk_claims_total", dev));
      }
      if (d.otkConflicts() > 0) {
        checks.equal(
            "serve.conflicts." + d.device(),
            "figure",
            "otk_conflicts_total of " + d.device(),
            d.otkConflicts(),
            (int) m.sum(P + "otk_conflicts_total", dev));
      }
      if (d.fallbackUsed()) {
        checks.equal(
            "serve.fallback_used." + d.device(),
            "figure",
            "fallback_key_used of " + d.device() + " (claimed empty)",
            1,
            (int) m.sum(P + "fallback_key_used", dev));
      }
    }
    int rejected = truth.devices().values().stream().mapToInt(DeviceTruth::uploadsRejected).sum();
    // Synapse rejects an invalid body before its handler logs the device: the log names the user
    // (access line) but not the device, so only the total is a claim the exporter can make.
    checks.equal(
        "serve.rejected",
        "#26.4",
        "key_uploads_total{outcome=rejected} = uploads input validation rejected",
        rejected,
        (int) m.sum(P + "key_uploads_total", Labels.of("outcome", "rejected")));
    checks.equal(
        "serve.uploads_total",
        "#26.6",
        "key_uploads_total over all devices = uploads made (each counted once, none on unknown)",
        uploads,
        (int) m.sum(P + "key_uploads_total", Map.of()));
    labelsClean(m);
  }

  /** #26.1: a claim line's comma-joined entries never become one label value. */
  private void labelsClean(PromText m) {
    List<String> bad = new ArrayList<>();
    for (PromText.Sample s : m.samples()) {
      for (String v : s.labels().values()) {
        if (v.contains("signed_curve25519:") || v.contains(",")) {
          bad.add(s.name() + s.labels());
        }
      }
    }
    checks.that(
        "serve.labels_clean",
        "#26.1",
        "no label holds a key id or a comma-joined list",
        bad.isEmpty(),
        bad.isEmpty() ? "none" : bad.subList(0, Math.min(3, bad.size())).toString());
  }

  private void toDeviceFigures(PromText m) {
    for (String type : List.of("io.element.call.encryption_keys", "m.room.encrypted")) {
      checks.equal(
          "serve.to_device." + type,
          "figure",
          "to_device_requests_total{event_type=" + type + ",code=200}",
          truth.toDevice(type).getOrDefault("200", 0),
          (int)
              m.sum(P + "to_device_requests_total", Labels.of("event_type", type, "code", "200")));
    }
    for (String name : List.of("CAROLNEVER", "CAROLQUIET", "DAVESYNC")) {
      DeviceTruth d = truth.device(name);
      checks.equal(
          "serve.to_device_pending." + name,
          name.equals("CAROLNEVER") ? "#26.2" : "figure",
          "to_device_pending of " + name + " = sent and not acknowledged",
          d.toDevicePending(),
          (int) m.sum(P + "to_device_pending", Labels.of("user", d.user(), "device", name)));
    }
    checks.equal(
        "serve.ke3.missing_algorithm",
        "figure",
        "encrypted_events_missing_algorithm_total (the redacted one excluded)",
        truth.encryptedEvents(EncryptedEvents.WITHOUT_ALGORITHM).size(),
        (int) m.sum(P + "encrypted_events_missing_algorithm_total", Map.of()));
    for (Map.Entry<String, Integer> e : truth.delayedPending().entrySet()) {
      checks.equal(
          "serve.delayed_pending",
          "figure",
          "delayed_events_pending of " + e.getKey(),
          e.getValue(),
          (int) m.sum(P + "delayed_events_pending", Labels.of("user", e.getKey())));
    }
  }

  private static String clientsOf(PromText m, DeviceTruth d) {
    List<String> found = new ArrayList<>();
    for (PromText.Sample s : m.samples()) {
      if (s.name().equals(P + "device_client_info")
          && d.device().equals(s.labels().get("device"))) {
        found.add(s.labels().get("client") + " " + s.labels().get("version"));
      }
    }
    return found.isEmpty() ? "no device_client_info" : String.join(", ", found);
  }

  private static Map<String, String> with(Map<String, String> base, String k, String v) {
    Map<String, String> m = new java.util.LinkedHashMap<>(base);
    m.put(k, v);
    return m;
  }
}
