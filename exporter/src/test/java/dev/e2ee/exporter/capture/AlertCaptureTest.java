package dev.e2ee.exporter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.CaptureConfig;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.UiConfig;
import dev.e2ee.exporter.console.CapturedBundle;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.MutableClock;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.exporter.testing.TestConfigs;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert capture's bounds: one per device per interval, concurrency, size; files private. */
class AlertCaptureTest {
  static final DeviceRef ALICE = new DeviceRef("@alice:example.org", "STORM");
  static final DeviceRef BOB = new DeviceRef("@bob:example.org", "LAPTOP");
  static final Instant STARTS = Instant.parse("2026-12-06T05:00:00Z");

  PrometheusRegistry registry = new PrometheusRegistry();
  MutableClock clock = new MutableClock(Instant.parse("2026-12-06T05:10:00Z"));

  AlertCapture capture(Path dir, int maxConcurrent, long maxBytes, AlertCapture.OwnView view) {
    ExporterConfig config =
        TestConfigs.noSources()
            .withConsole(
                UiConfig.DEFAULTS,
                new CaptureConfig(
                    Optional.of(dir),
                    Duration.ofMinutes(30),
                    maxConcurrent,
                    maxBytes,
                    Duration.ofMinutes(30)));
    return new AlertCapture(
        config,
        a -> Optional.of(a.userLabel().startsWith("@alice") ? ALICE : BOB),
        view,
        Map.of(),
        registry,
        clock);
  }

  static AlertPayload.Parsed firing(String user, String device) {
    return new AlertPayload.Parsed(
        List.of(new AlertPayload.Firing("E2EEOtkDivergence", user, device, STARTS)), Map.of());
  }

  double skipped(String reason) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return new Scrape(out.toString(StandardCharsets.UTF_8))
        .valueOrFail("synapse_e2ee_capture_skipped_total{reason=\"" + reason + "\"}");
  }

  @Test
  void oneBundlePerDevicePerIntervalOwnerOnlyAndListed(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("captures");
    try (AlertCapture c = capture(out, 2, 1L << 30, d -> Map.of("own.txt", "only " + d.userId()))) {
      assertThat(c.accept(firing("@alice:example.org", "STORM"))).isEqualTo(1);
      CaptureStore store = c.store().orElseThrow();
      Await.until(() -> store.list().size() == 1, Duration.ofSeconds(30));
      CapturedBundle b = store.list().get(0);
      assertThat(b.userId()).isEqualTo(ALICE.userId());
      assertThat(b.deviceId()).isEqualTo("STORM");
      assertThat(b.alertName()).isEqualTo("E2EEOtkDivergence");
      Path bundle = store.bundle(b.name()).orElseThrow();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle)))
          .isEqualTo("rwx------");
      try (Stream<Path> files = Files.list(bundle)) {
        assertThat(files.toList())
            .isNotEmpty()
            .allSatisfy(
                f ->
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                        .isEqualTo("rw-------"));
      }
      assertThat(Files.readString(bundle.resolve("own.txt"))).isEqualTo("only @alice:example.org");
      assertThat(Files.readString(bundle.resolve("README.md")))
          .contains("E2EEOtkDivergence", "window: 2026-12-06T04:30:00Z");
      // The same device again within min_interval: skipped and counted; another device is not.
      assertThat(c.accept(firing("@alice:example.org", "STORM"))).isZero();
      assertThat(skipped("min_interval")).isEqualTo(1);
      assertThat(c.accept(firing("@bob:example.org", "LAPTOP"))).isEqualTo(1);
      // After the interval the device is captured again.
      clock.advance(Duration.ofMinutes(31));
      assertThat(c.accept(firing("@alice:example.org", "STORM"))).isEqualTo(1);
      Await.until(() -> store.list().size() == 3, Duration.ofSeconds(30));
      // Bundle names carry no ids.
      assertThat(store.list())
          .allSatisfy(x -> assertThat(x.name()).doesNotContain("alice", "STORM"));
    }
  }

  @Test
  void busyWhenMaxConcurrentAreRunning(@TempDir Path dir) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (AlertCapture c =
        capture(
            dir,
            1,
            1L << 30,
            d -> {
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Map.of();
            })) {
      assertThat(c.accept(firing("@alice:example.org", "STORM"))).isEqualTo(1);
      assertThat(c.accept(firing("@bob:example.org", "LAPTOP"))).isZero();
      assertThat(skipped("busy")).isEqualTo(1);
      release.countDown();
      Await.until(() -> c.store().orElseThrow().list().size() == 1, Duration.ofSeconds(30));
    }
  }

  @Test
  void theOldestBundlesGoFirstBeyondMaxBytes(@TempDir Path dir) throws Exception {
    String big = "x".repeat(700 * 1024);
    try (AlertCapture c = capture(dir, 2, 1L << 20, d -> Map.of("big.txt", big))) {
      CaptureStore store = c.store().orElseThrow();
      c.accept(firing("@alice:example.org", "STORM"));
      Await.until(() -> store.list().size() == 1, Duration.ofSeconds(30));
      String first = store.list().get(0).name();
      clock.advance(Duration.ofSeconds(5));
      c.accept(firing("@bob:example.org", "LAPTOP"));
      Await.until(
          () -> {
            List<CapturedBundle> now = store.list();
            return now.size() == 1 && !now.get(0).name().equals(first);
          },
          Duration.ofSeconds(30));
      assertThat(store.list().get(0).userId()).isEqualTo(BOB.userId());
    }
  }

  @Test
  void withoutADirectoryNothingIsCapturedAndThatIsCounted() throws Exception {
    ExporterConfig config = TestConfigs.noSources();
    try (AlertCapture c =
        new AlertCapture(
            config, a -> Optional.of(ALICE), d -> Map.of(), Map.of(), registry, clock)) {
      assertThat(c.accept(firing("@alice:example.org", "STORM"))).isZero();
      assertThat(skipped("disabled")).isEqualTo(1);
      assertThat(c.store()).isEmpty();
    }
  }

  @Test
  void payloadsAreValidatedAndWhatIsNotADeviceAlertIsIgnoredByReason() throws Exception {
    String body =
        "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":["
            + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"E2EEOtkDivergence\",\"user\":\"@a:hs\",\"device\":\"D\"},\"startsAt\":\"2026-12-06T05:00:00Z\"},"
            + "{\"status\":\"resolved\",\"labels\":{\"alertname\":\"E2EEOtkDivergence\",\"user\":\"@a:hs\",\"device\":\"D\"},\"startsAt\":\"2026-12-06T05:00:00Z\"},"
            + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"Watchdog\"},\"startsAt\":\"2026-12-06T05:00:00Z\"},"
            + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"E2EEDelayedEventTimeoutsClientRetry\",\"user\":\"@a:hs\"},\"startsAt\":\"2026-12-06T05:00:00Z\"},"
            + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"E2EEOtkExhaustion\",\"user\":\"@a:hs\"},\"startsAt\":\"x\"},"
            + "42]}";
    AlertPayload.Parsed p = AlertPayload.parse(body);
    assertThat(p.firing())
        .containsExactly(
            new AlertPayload.Firing(
                "E2EEOtkDivergence", "@a:hs", "D", Instant.parse("2026-12-06T05:00:00Z")));
    assertThat(p.ignored())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("resolved", 1, "unknown_alert", 2, "no_device", 1, "invalid_alert", 1));
    for (String bad :
        List.of("not json", "[]", "{\"version\":\"3\",\"alerts\":[]}", "{\"version\":\"4\"}")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlertPayload.parse(bad))
          .as(bad)
          .isInstanceOf(AlertPayload.Invalid.class);
    }
  }
}
