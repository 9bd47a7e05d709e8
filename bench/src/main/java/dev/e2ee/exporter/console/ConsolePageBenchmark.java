package dev.e2ee.exporter.console;

import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.UiConfig;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.diagnosis.DeviceDiagnosis;
import dev.e2ee.exporter.diagnosis.Verdict;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.evidence.Evidence;
import dev.e2ee.exporter.jmh.AverageTimeBenchmark;
import dev.e2ee.exporter.metrics.IdentityLabels;
import dev.e2ee.exporter.page.ConsolePage;
import dev.e2ee.exporter.source.SourceStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One landing page as GET / builds it: the console snapshot (verdicts, each device's hour from its
 * ring buffers, Q4, sources) and the HTML, for {@code devices} devices needing attention, each with
 * a full hour of history.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ConsolePageBenchmark extends AverageTimeBenchmark {
  @Param({"5", "50"})
  int devices;

  Console console;

  @Setup
  public void setUp() {
    Clock clock = Clock.fixed(Instant.parse("2026-12-06T06:00:00Z"), ZoneOffset.UTC);
    long now = clock.millis();
    DeviceHistory history = new DeviceHistory(500, 600_000);
    LiveQ4 q4 = new LiveQ4();
    List<DeviceDiagnosis> attention = new ArrayList<>();
    for (int d = 0; d < devices; d++) {
      DeviceRef ref = new DeviceRef("@user" + d + ":example.org", "DEVICE" + d);
      for (int minute = 0; minute < 60; minute++) {
        long at = now - (59 - minute) * 60_000L;
        for (int i = 0; i < 5 + minute % 7; i++) {
          history.conflict(ref, at + i, now);
        }
        q4.homeserverRequest(at, 0.05 + (minute % 10) / 100.0);
        q4.delayedRequest(at, 0.2, minute % 13 == 0, true);
      }
      attention.add(
          new DeviceDiagnosis(
              ref.userId(),
              ref.deviceId(),
              Verdict.DIVERGENCE,
              "key id AAAAAAAAAFA is stored with another value than the client uploads; 3831"
                  + " uploads rejected, 3831 in a row for this key id (Element Desktop 1.12.8)",
              now - 3_600_000));
    }
    history.logReadUntil(now);
    List<SourceStatus> sources =
        List.of(
            new SourceStatus(
                "database",
                SourceStatus.State.UP,
                "exporter@db:5432/synapse",
                "polled",
                Optional.of(Instant.ofEpochMilli(now - 5_000))),
            new SourceStatus(
                "log",
                SourceStatus.State.UP,
                "/var/log/matrix-synapse/homeserver.log",
                "1 file(s) readable",
                Optional.of(Instant.ofEpochMilli(now - 1_000))));
    console =
        new Console(
            () -> attention,
            Evidence::none,
            () -> sources,
            Instant.ofEpochMilli(now - 86_400_000),
            history,
            q4,
            HealthProbe.NONE,
            new Links(
                new UiConfig(
                    Optional.of("https://grafana.example.org"),
                    UiConfig.DEVICE_DASHBOARD_UID,
                    Optional.empty(),
                    java.time.Duration.ofSeconds(30)),
                "example.org"),
            new CaptureCommandLine(
                Optional.of(Path.of("/opt/synapse-e2ee-exporter/synapse-e2ee-exporter.jar")),
                Optional.of(Path.of("/etc/synapse-e2ee-exporter/config.yml")),
                Optional.empty()),
            new IdentityLabels(new LabelsConfig(UserIdMode.FULL)),
            clock);
  }

  @Benchmark
  public String snapshotAndRender() {
    return ConsolePage.render(console.snapshot(), "", "", 30);
  }
}
