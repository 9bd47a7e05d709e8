package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.DiagnosisConfig;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.evidence.ConflictConfirmation;
import dev.e2ee.exporter.evidence.ConflictState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The report of a finished replay of the IncidentLog (whose truth is known by construction): the
 * counts from the program's registry, KE-1 per device from the recorder, KE-2, KE-4 and Q4.
 */
class IncidentReportsTest {
  private static final Instant STORM_START = IncidentLog.START.plusSeconds(60);
  private static final Instant STORM_END = STORM_START.plusSeconds(149 * 2);

  @TempDir Path dir;

  @Test
  void theIncidentLogsAnswers() throws Exception {
    ReplayRun run = Replays.incident(dir);
    IncidentReport r = Replays.report(run);

    assertThat(r.answerable()).isTrue();
    assertThat(r.lines()).isEqualTo(run.lines());
    assertThat(r.requests().get("keys_upload"))
        .containsExactly(Map.entry("200", 5L), Map.entry("400", (long) IncidentLog.CONFLICTS));
    assertThat(r.skipped()).containsEntry("outside_range", 0L);
    assertThat(r.errors()).isEmpty();
    assertThat(r.inputs().firstRecord()).isEqualTo(run.firstRecord());
    assertThat(r.inputs().files())
        .singleElement()
        .satisfies(f -> assertThat(f.layout()).isEqualTo("text"));

    IncidentReport.Ke1Device storm = r.ke1().devices().get(0);
    assertThat(r.ke1().devices()).hasSize(1);
    assertThat(storm.device()).isEqualTo(IncidentLog.STORM_DEVICE);
    assertThat(storm.client()).isEqualTo("Element Desktop");
    assertThat(storm.conflicts()).isEqualTo(IncidentLog.CONFLICTS);
    assertThat(storm.uploadsOk()).isEqualTo(3);
    assertThat(storm.firstConflict()).isEqualTo(STORM_START);
    assertThat(storm.lastConflict()).isEqualTo(STORM_END);
    assertThat(storm.peakConflictsPerMinute()).isEqualTo(30);
    assertThat(storm.peakMinute()).as("the first of the minutes with 30").isEqualTo(STORM_START);
    assertThat(storm.valuesDiffer()).isEqualTo("yes");
    assertThat(storm.verdict()).isEqualTo(storm.verdictFromLog()).isNotEqualTo("unknown");
    assertThat(r.ke1().devicesRefused()).isZero();

    assertThat(r.ke2().callEncryptionKeys())
        .containsExactly(Map.entry("200", 12L), Map.entry("429", 2L));
    assertThat(r.ke2().toDevice().get("m.room.encrypted")).containsExactly(Map.entry("200", 60L));
    assertThat(r.ke2().minutes()).hasSize(10);
    assertThat(r.ke4().disconnects()).isEqualTo(IncidentLog.DISCONNECTS);
    assertThat(r.ke4().requests().get("restart").values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(16);
    assertThat(r.q4().verdict()).isEqualTo("mixed");
    assertThat(r.q4().troubleMinutes()).isEqualTo(2);
  }

  @Test
  void devicesAreListedMostRejectionsFirstAndPeakAtTheirFirstBusiestMinute() throws Exception {
    // The storm's first minute (30 rejections) comes from another device of Alice's.
    List<String> lines = new ArrayList<>();
    for (String line : new IncidentLog().lines()) {
      lines.add(
          line.startsWith("2026-11-25 21:01")
              ? line.replace("'" + IncidentLog.STORM_DEVICE + "'", "'SMALLDEV'")
              : line);
    }
    IncidentReport r = Replays.report(Replays.lines(dir, lines));

    assertThat(r.ke1().devices())
        .extracting(IncidentReport.Ke1Device::device, IncidentReport.Ke1Device::conflicts)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(IncidentLog.STORM_DEVICE, 120L),
            org.assertj.core.groups.Tuple.tuple("SMALLDEV", 30L));
    assertThat(r.ke1().devices().get(0).peakMinute()).isEqualTo(STORM_START.plusSeconds(60));
    assertThat(r.ke1().devices().get(1).lastConflict()).isEqualTo(STORM_START.plusSeconds(58));
  }

  static Stream<Arguments> quietPeriods() {
    // The log ends at 21:09:59.500, 241.5 s after the storm's last rejection.
    return Stream.of(
        Arguments.of(Duration.ofMinutes(10), "still rejected when the log ends"),
        Arguments.of(Duration.ofMillis(241_500), "still rejected when the log ends"),
        Arguments.of(Duration.ofMillis(241_499), "quiet for the last 4 min of the log"),
        Arguments.of(Duration.ofMinutes(1), "quiet for the last 4 min of the log"));
  }

  @ParameterizedTest(name = "quiet period {0}: {1}")
  @MethodSource("quietPeriods")
  void whetherTheDeviceWasStillRejectedAtTheEnd(Duration quiet, String atEnd) throws Exception {
    IncidentReport r =
        IncidentReports.build(
            Replays.incident(dir), new DiagnosisConfig(quiet, Duration.ofMinutes(5)), Map.of(), "");
    assertThat(r.ke1().devices().get(0).atEnd()).isEqualTo(atEnd);
  }

  @Test
  void theDatabasesAnswerStandsInForTheLogsAndTheLogsIsKept() throws Exception {
    ReplayRun run = Replays.incident(dir);
    ConflictState state =
        Objects.requireNonNull(
            run.recorder().devices.get(List.of(IncidentLog.ALICE, IncidentLog.STORM_DEVICE)).state);
    DeviceRef device = state.last().device().orElseThrow();
    // The key id is no longer stored: the database does not confirm a divergence.
    ConflictConfirmation gone = new ConflictConfirmation(state.last(), false, false, 0L);

    IncidentReport fromLog = Replays.report(run);
    IncidentReport confirmed =
        IncidentReports.build(run, DiagnosisConfig.DEFAULTS, Map.of(device, gone), "asked");

    IncidentReport.Ke1Device d = confirmed.ke1().devices().get(0);
    assertThat(d.verdictFromLog()).isEqualTo(fromLog.ke1().devices().get(0).verdict());
    assertThat(d.verdict()).isNotEqualTo(d.verdictFromLog());
    assertThat(confirmed.database()).isEqualTo("asked");
  }

  @Test
  void unreadFilesAndAStoppedBackfillAreTheReportsErrors() throws Exception {
    ReplayRun run = Replays.incident(dir);
    run.files().get(0).error = "read failed after 3 lines: broken";
    ReplayRun stopped =
        new ReplayRun(
            run.options(),
            run.files(),
            run.registry(),
            run.recorder(),
            null,
            "the backfill stopped",
            run.lines(),
            run.outsideRange(),
            run.firstRecord(),
            run.lastRecord(),
            run.stoppedAtTo());

    assertThat(Replays.report(stopped).errors())
        .containsExactly(
            run.files().get(0).file.name() + ": read failed after 3 lines: broken",
            "the backfill stopped");
  }

  @Test
  void aLogOfNoRecordIsNotAnswerable() throws Exception {
    IncidentReport r = Replays.report(Replays.lines(dir, List.of("not a Synapse line", "")));
    assertThat(r.answerable()).isFalse();
    assertThat(r.records()).isZero();
    assertThat(r.lines()).isEqualTo(2);
    assertThat(r.inputs().firstRecord()).isNull();
    assertThat(r.ke1().devices()).isEmpty();
    assertThat(r.q4().verdict()).isEqualTo("none");
  }
}
