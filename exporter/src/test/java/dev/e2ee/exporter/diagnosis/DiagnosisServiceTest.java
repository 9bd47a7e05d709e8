package dev.e2ee.exporter.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.HashKey;
import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.domain.KeyValues;
import dev.e2ee.exporter.evidence.ConflictState;
import dev.e2ee.exporter.evidence.Evidence;
import dev.e2ee.exporter.evidence.LogClock;
import dev.e2ee.exporter.metrics.IdentityLabels;
import dev.e2ee.exporter.testing.MutableClock;
import dev.e2ee.exporter.testing.OtkConflictBuilder;
import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verdicts the service keeps and exposes, over the evidence of the real Synapse 1.160.0 log
 * (replay/real-synapse/homeserver.log), whose STORMDESKTOP re-uploads a one-time key Synapse
 * already holds.
 */
class DiagnosisServiceTest {
  static final Instant AFTER_THE_LOG = Instant.parse("2026-12-06T06:56:10Z");
  static final String STORM = "@storm:compat.test";

  final ProgramHarness log = new ProgramHarness();
  final MutableClock clock = new MutableClock(AFTER_THE_LOG);
  final AtomicReference<Evidence> evidence = new AtomicReference<>();

  @BeforeEach
  void feedTheRealLog() throws IOException {
    String name = "/dev/e2ee/exporter/replay/real-synapse/homeserver.log";
    try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream(name), name)) {
      log.feed(
          "homeserver.log", new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    }
    log.clock.advance(Duration.between(log.clock.instant(), AFTER_THE_LOG));
    log.settle();
    evidence.set(
        new Evidence(
            Map.of(),
            Map.of(),
            Map.of(),
            log.program.conflictingDevices().devices(),
            List.of(),
            log.program.logClock()));
  }

  DiagnosisService service(UserIdMode mode) {
    return new DiagnosisService(
        new DecisionTree(600_000, 300_000),
        evidence::get,
        new IdentityLabels(
            mode == UserIdMode.HASH
                ? new LabelsConfig(mode, Optional.of(new HashKey(ProgramHarness.TEST_HASH_KEY)))
                : new LabelsConfig(mode)),
        clock);
  }

  static Scrape scrape(DiagnosisService service) {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(service);
    return Scrape.of(registry);
  }

  @Test
  void nothingIsAnsweredBeforeTheFirstRefresh() {
    DiagnosisService service = service(UserIdMode.FULL);
    assertThat(service.latest()).isEmpty();
    assertThat(scrape(service).countSeries("synapse_e2ee_verdict")).isZero();
  }

  @Test
  void theStormingDeviceIsAnsweredOnceAndExposedWithItsVerdict() {
    DiagnosisService service = service(UserIdMode.FULL);
    service.refresh();
    List<DeviceDiagnosis> storm =
        service.latest().stream().filter(d -> d.deviceId().equals("STORMDESKTOP")).toList();
    assertThat(storm).hasSize(1);
    DeviceDiagnosis q1 = storm.get(0);
    assertThat(q1.userId()).isEqualTo(STORM);
    assertThat(q1.verdict().question()).isEqualTo(Verdict.Question.Q1);
    assertThat(q1.verdict().needsAttention()).isTrue();
    assertThat(service.needingAttention()).contains(q1);
    assertThat(service.needingAttention()).allMatch(d -> d.verdict().needsAttention());
    Scrape scrape = scrape(service);
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_verdict{device=\"STORMDESKTOP\",question=\"q1\",user=\""
                    + STORM
                    + "\",verdict=\""
                    + q1.verdict().label()
                    + "\"}"))
        .isEqualTo(1);
    assertThat(scrape.countSeries("synapse_e2ee_verdict")).isEqualTo(service.latest().size());
  }

  @Test
  void aRefreshReadsTheEvidenceAgain() {
    DiagnosisService service = service(UserIdMode.FULL);
    service.refresh();
    assertThat(service.latest()).isNotEmpty();
    evidence.set(new Evidence(Map.of(), Map.of(), Map.of(), List.of(), List.of(), LogClock.NONE));
    service.refresh();
    assertThat(service.latest()).isEmpty();
    assertThat(service.needingAttention()).isEmpty();
  }

  @Test
  void labelsFollowTheUserIdModeAndTwoUsersWithOneLabelGiveOneSeries() {
    DiagnosisService hashed = service(UserIdMode.HASH);
    hashed.refresh();
    assertThat(scrape(hashed).text()).contains("device=\"STORMDESKTOP\"").doesNotContain("storm");
    // Two users of one localpart and one device id on two servers: one label set, one series.
    List<ConflictState> conflicts = log.program.conflictingDevices().devices();
    assertThat(conflicts).isNotEmpty();
    ConflictState real = conflicts.get(0);
    ConflictState otherServer =
        new ConflictState(
            "@storm:other.test",
            real.deviceLabel(),
            OtkConflictBuilder.at(real.last().timestampMillis())
                .device("@storm:other.test", real.deviceLabel())
                .keyId(real.last().keyId())
                // Synapse showed the same value twice: a different answer for the same label set.
                .keyValues(KeyValues.SAME)
                .build(),
            real.repeats(),
            real.total(),
            real.client(),
            real.stormStartMillis());
    evidence.set(
        new Evidence(
            Map.of(),
            Map.of(),
            Map.of(),
            List.of(real, otherServer),
            List.of(),
            log.program.logClock()));
    DiagnosisService local = service(UserIdMode.LOCALPART);
    local.refresh();
    assertThat(local.latest())
        .extracting(DeviceDiagnosis::verdict)
        .doesNotHaveDuplicates()
        .hasSize(2);
    assertThat(scrape(local).countSeries("synapse_e2ee_verdict")).isEqualTo(1);
  }
}
