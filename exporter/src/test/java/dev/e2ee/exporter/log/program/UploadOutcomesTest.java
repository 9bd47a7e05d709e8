package dev.e2ee.exporter.log.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.DevicesConfig;
import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.domain.ClientRelease;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.DeviceClients;
import dev.e2ee.exporter.metrics.IdentityLabels;
import dev.e2ee.exporter.testing.MutableClock;
import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a joined upload comes to, for the uploads of Synapse 1.160.0's real log
 * (replay/real-synapse/homeserver.log): the storm device's conflict, Alice's accepted upload, a
 * rejection and an upload whose access line never came.
 */
class UploadOutcomesTest {
  static final String USER = "@storm:compat.test";
  static final String DEVICE = "STORMDESKTOP";
  static final String AGENT =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Element/1.12.8"
          + " Chrome/138.0.7204.97 Electron/37.2.0 Safari/537.36";

  /** The program's upload side on its own registry, telling {@link #finished} of each upload. */
  static final class Parts {
    final PrometheusRegistry registry = new PrometheusRegistry();
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T06:55:43Z"));
    final IdentityLabels ids = new IdentityLabels(LabelsConfig.DEFAULTS);
    final BoundedMetrics bounded = new BoundedMetrics(registry, clock);
    final KeyEventMetrics metrics = new KeyEventMetrics(DevicesConfig.DEFAULTS, registry, bounded);
    final ConflictingDevices conflicting =
        new ConflictingDevices(
            500,
            3_600_000,
            600_000,
            bounded.refusalsFor(ConflictingDevices.METRIC, Duration.ofHours(1)));
    final DeviceClients clients =
        DeviceClients.registered(DevicesConfig.DEFAULTS, registry, bounded);
    final List<ProgramEvents.FinishedUpload> finished = new ArrayList<>();
    final UploadOutcomes outcomes =
        new UploadOutcomes(
            ids,
            metrics,
            conflicting,
            clients,
            new ProgramEvents() {
              @Override
              public void upload(FinishedUpload upload) {
                finished.add(upload);
              }
            });

    Scrape scrape() {
      return Scrape.of(registry);
    }
  }

  private final Parts parts = new Parts();

  /** A finished request as the join hands it over. */
  private static KeyUploadJoin.Pending pending(
      boolean deviceSeen, boolean conflictSeen, boolean accessSeen, int status) {
    KeyUploadJoin.Pending p = new KeyUploadJoin.Pending("homeserver.log", "POST-36", 0);
    p.timestampMillis = 1_796_540_143_615L;
    p.userId = USER;
    p.deviceId = deviceSeen ? DEVICE : null;
    if (conflictSeen) {
      p.conflictSeen = true;
      p.algorithm = "signed_curve25519";
      p.keyId = "AAAAAAAAAAE";
    }
    p.accessSeen = accessSeen;
    p.status = status;
    p.userAgent = accessSeen ? AGENT : null;
    return p;
  }

  @ParameterizedTest(name = "device {0}, conflict {1}, access {2} ({3}): {4}")
  @CsvSource({
    "true, true, true, 400, otk_conflict, STORMDESKTOP",
    "true, true, false, 0, otk_conflict, STORMDESKTOP",
    "true, false, true, 200, ok, STORMDESKTOP",
    "true, false, true, 399, ok, STORMDESKTOP",
    "true, false, true, 400, rejected, STORMDESKTOP",
    "false, false, true, 400, rejected, unknown",
    "true, false, false, 0, incomplete, STORMDESKTOP"
  })
  void eachUploadIsCountedOnceByItsOutcome(
      boolean device, boolean conflict, boolean access, int status, String outcome, String label) {
    parts.outcomes.finish(pending(device, conflict, access, status), parts.clock.millis());

    Scrape scrape = parts.scrape();
    assertThat(scrape.countSeries("synapse_e2ee_key_uploads_total{")).isEqualTo(1);
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_key_uploads_total{device=\""
                    + label
                    + "\",outcome=\""
                    + outcome
                    + "\",user=\""
                    + USER
                    + "\"}"))
        .isEqualTo(1);
    assertThat(parts.finished).singleElement().extracting(u -> u.outcome()).isEqualTo(outcome);
    assertThat(scrape.countSeries("synapse_e2ee_otk_conflicts_total{")).isEqualTo(conflict ? 1 : 0);
    assertThat(parts.conflicting.devices()).hasSize(conflict ? 1 : 0);
  }

  @Test
  void aConflictIsRecordedAgainstItsDeviceWithTheClientItUsed() {
    parts.outcomes.finish(pending(true, true, true, 400), parts.clock.millis());

    ProgramEvents.FinishedUpload upload = parts.finished.get(0);
    assertThat(upload.client().family()).isEqualTo(ClientRelease.ELEMENT_DESKTOP);
    assertThat(upload.client().version()).isEqualTo("1.12.8");
    assertThat(Objects.requireNonNull(upload.conflict()).keyId()).isEqualTo("AAAAAAAAAAE");
    assertThat(upload.state()).isNotNull();
    assertThat(
            parts
                .scrape()
                .valueOrFail(
                    "synapse_e2ee_otk_conflicts_total{algorithm=\"signed_curve25519\",device=\""
                        + DEVICE
                        + "\",user=\""
                        + USER
                        + "\"}"))
        .isEqualTo(1);
  }

  @ParameterizedTest(name = "device {0}, access {1}: client recorded {2}")
  @CsvSource({"true, true, true", "false, true, false", "true, false, false"})
  void theDevicesClientIsRecordedOnlyWhenTheUploadNamesDeviceAndAgent(
      boolean device, boolean access, boolean recorded) {
    parts.outcomes.finish(pending(device, false, access, 200), parts.clock.millis());
    assertThat(parts.scrape().text().contains("device=\"" + DEVICE + "\",user=\"" + USER))
        .as("a device_client_info series")
        .isEqualTo(recorded);
  }
}
