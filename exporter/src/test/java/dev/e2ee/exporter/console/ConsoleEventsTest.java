package dev.e2ee.exporter.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.LogFormat;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.testing.ProgramHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The console fed from the log program's own events, on Synapse 1.160.0's log
 * (replay/real-synapse/homeserver.log, whose truth.json gives the counts): the live Q4 from its
 * access lines, /sync left out of the homeserver's latency, and each conflict on its device's
 * sparkline.
 */
class ConsoleEventsTest {
  static final String REAL_SYNAPSE = "/dev/e2ee/exporter/replay/real-synapse/homeserver.log";
  static final DeviceRef STORM = new DeviceRef("@storm:compat.test", "STORMDESKTOP");

  final DeviceHistory history = new DeviceHistory(500, 600_000);
  final LiveQ4 q4 = new LiveQ4();

  /** The real log's lines that pass {@code keep}, through a program that feeds the console. */
  ProgramHarness fed(Predicate<String> keep) throws Exception {
    List<String> lines =
        Files.readAllLines(
            Path.of(
                Objects.requireNonNull(getClass().getResource(REAL_SYNAPSE), REAL_SYNAPSE)
                    .toURI()));
    ProgramHarness h =
        new ProgramHarness(
            LogFormat.AUTO,
            new LabelsConfig(UserIdMode.FULL),
            500,
            new ConsoleEvents(history, q4, Clock.systemUTC()));
    h.feed("homeserver.log", lines.stream().filter(keep).toList());
    h.settle();
    return h;
  }

  @Test
  void theDelayedEventRequestsOfTheLogAreTheLiveQ4sAndItsNewestMinuteIsTheLogs() throws Exception {
    fed(line -> true);
    Q4Now now = q4.answer();
    assertThat(now.answered()).isTrue();
    // truth.json: schedule 4, update 7 + 4 abandoned, restart 2, cancel 1; none slower than 5 s.
    assertThat(now.delayedRequests()).isEqualTo(18);
    assertThat(now.abandoned()).isEqualTo(4);
    assertThat(now.slow()).isZero();
    assertThat(now.newestMinuteMillis())
        .as("the minute of the last access line, 06:56:28 UTC")
        .isEqualTo(Instant.parse("2026-12-06T06:56:00Z").toEpochMilli());
    assertThat(now.requestsNewestMinute()).isPositive();
    assertThat(now.troubleMinutes()).isPositive();
    assertThat(now.verdict())
        .as("every request took well under 2 s: the client's retries")
        .isEqualTo("client_retry");
  }

  @Test
  void syncRequestsAloneAreNotTheHomeserversLatency() throws Exception {
    fed(line -> !line.contains("Processed request") || line.contains("/sync"));
    assertThat(q4.answer().requestsNewestMinute()).isZero();
    assertThat(q4.answer().verdict())
        .as("long-polling /sync says nothing about load: no answer yet")
        .isEqualTo("unknown");
  }

  @Test
  void eachConflictOfTheLogIsOnItsDevicesSparklineUpToTheNewestLogMinute() throws Exception {
    fed(line -> true);
    long logNow = Instant.parse("2026-12-06T06:56:30Z").toEpochMilli();
    double[] points = history.conflicts(STORM, logNow).orElseThrow().points();
    assertThat(Arrays.stream(points).filter(p -> !Double.isNaN(p)).sum())
        .as("truth.json: 40 conflicts of STORMDESKTOP")
        .isEqualTo(40);
    assertThat(points[points.length - 1])
        .as("the log was read into its newest minute: known, not NaN")
        .isNotNaN();
    assertThat(history.conflicts(new DeviceRef("@alice:compat.test", "ALICERUSTSDK"), logNow))
        .as("a rejected upload that is not a conflict draws no sparkline")
        .isEmpty();
  }
}
