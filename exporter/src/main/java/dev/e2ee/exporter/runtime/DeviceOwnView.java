package dev.e2ee.exporter.runtime;

import dev.e2ee.exporter.capture.AlertCapture;
import dev.e2ee.exporter.capture.AlertPayload;
import dev.e2ee.exporter.diagnosis.DeviceDiagnosis;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the exporter itself knows of one device, for an alert's bundle - and nothing of anyone else:
 * the device's verdicts, and the metrics without any series labelled with another user. Also finds
 * the device an alert's label values mean (they may be hashed, see labels.user_id).
 */
final class DeviceOwnView implements AlertCapture.OwnView {
  private final Supplier<List<DeviceDiagnosis>> verdicts;
  private final PrometheusRegistry registry;
  private final IdentityLabels ids;

  DeviceOwnView(
      Supplier<List<DeviceDiagnosis>> verdicts, PrometheusRegistry registry, IdentityLabels ids) {
    this.verdicts = verdicts;
    this.registry = registry;
    this.ids = ids;
  }

  /** The diagnosed device whose label values the alert carries. */
  Optional<DeviceRef> resolve(AlertPayload.Firing alert) {
    return verdicts.get().stream()
        .filter(
            d ->
                ids.user(d.userId()).equals(alert.userLabel())
                    && ids.device(d.deviceId()).equals(alert.deviceLabel()))
        .map(d -> new DeviceRef(d.userId(), d.deviceId()))
        .findFirst();
  }

  @Override
  public Map<String, String> of(DeviceRef device) {
    Map<String, String> files = new LinkedHashMap<>();
    JsonArray mine = new JsonArray();
    for (DeviceDiagnosis d : verdicts.get()) {
      if (d.userId().equals(device.userId()) && d.deviceId().equals(device.deviceId())) {
        mine.add(
            new JsonObject()
                .put("question", d.verdict().question().label())
                .put("verdict", d.verdict().label())
                .put("evidence", d.evidence())
                .put("since", Instant.ofEpochMilli(d.sinceMillis()).toString())
                .put("meaning", d.verdict().meaning()));
      }
    }
    files.put("verdicts.json", new JsonObject().put("verdicts", mine).encodePrettily());
    files.put("metrics.txt", metricsOf(ids.user(device.userId())));
    return files;
  }

  /** Every sample line without a user label, or with this user's. */
  private String metricsOf(String userLabel) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String own = "user=\"" + userLabel + "\"";
    return out.toString(StandardCharsets.UTF_8)
        .lines()
        .filter(l -> l.startsWith("#") || !l.contains("user=\"") || l.contains(own))
        .collect(Collectors.joining("\n", "", "\n"));
  }
}
