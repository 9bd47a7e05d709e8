package dev.e2ee.exporter.replay;

import dev.e2ee.exporter.config.DiagnosisConfig;
import dev.e2ee.exporter.diagnosis.DecisionTree;
import dev.e2ee.exporter.diagnosis.DeviceDiagnosis;
import dev.e2ee.exporter.diagnosis.Verdict;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.evidence.ConflictConfirmation;
import dev.e2ee.exporter.evidence.ConflictState;
import dev.e2ee.exporter.evidence.Evidence;
import dev.e2ee.exporter.log.program.AccessMetrics;
import dev.e2ee.exporter.log.program.PipelineMetrics;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Builds the {@link IncidentReport} of a finished replay. */
public final class IncidentReports {
  static final String CALL_KEYS = "io.element.call.encryption_keys";

  private IncidentReports() {}

  /**
   * The report of one finished replay.
   *
   * @param confirmations what the database says now about each device's last rejected key id (empty
   *     without {@code --confirm})
   * @param database the sentence the report gives about the database
   */
  public static IncidentReport build(
      ReplayRun run,
      DiagnosisConfig diagnosis,
      Map<DeviceRef, ConflictConfirmation> confirmations,
      String database) {
    MetricSnapshots metrics = run.registry().scrape();
    Map<String, Long> skipped =
        new TreeMap<>(sumBy(metrics, PipelineMetrics.SKIPPED_FAMILY, "reason"));
    skipped.put("outside_range", run.outsideRange());
    Map<String, Map<String, Long>> requests =
        sumBy(metrics, AccessMetrics.REQUESTS_FAMILY, "endpoint", "code");
    long records =
        sumBy(metrics, PipelineMetrics.RECORDS_FAMILY).values().stream()
            .mapToLong(Long::longValue)
            .sum();
    IncidentRecorder recorder = run.recorder();
    List<String> errors = new ArrayList<>(run.inputErrors());
    if (run.backfillProblem() != null) {
      errors.add(run.backfillProblem());
    }
    return new IncidentReport(
        inputs(run),
        run.lines(),
        records,
        skipped,
        requests,
        ke1(run, diagnosis, confirmations),
        ke2(recorder),
        new IncidentReport.Ke4(
            recorder.delayedRequests,
            recorder.delayedDisconnects,
            recorder.delayedSeconds.quantile(0.5),
            recorder.delayedSeconds.quantile(0.99)),
        Q4.answer(recorder.minutes.values()),
        database,
        errors);
  }

  private static IncidentReport.Inputs inputs(ReplayRun run) {
    List<IncidentReport.FileRow> rows = new ArrayList<>();
    for (InputFile f : run.files()) {
      rows.add(
          new IncidentReport.FileRow(
              f.file.name(),
              f.process,
              f.layout,
              f.lines,
              f.records,
              instant(f.firstRecordMillis),
              instant(f.lastRecordMillis),
              f.cutLines,
              f.invalidUtf8Lines,
              f.error));
    }
    return new IncidentReport.Inputs(
        rows,
        run.options().from(),
        run.options().to(),
        run.firstRecord(),
        run.lastRecord(),
        run.stoppedAtTo());
  }

  private static IncidentReport.Ke1 ke1(
      ReplayRun run,
      DiagnosisConfig diagnosis,
      Map<DeviceRef, ConflictConfirmation> confirmations) {
    List<IncidentReport.Ke1Device> devices = new ArrayList<>();
    long refused = 0;
    long quietMillis = diagnosis.quietPeriod().toMillis();
    long end = run.lastRecord() == null ? Long.MIN_VALUE : run.lastRecord().toEpochMilli();
    for (IncidentRecorder.DeviceIncident d : run.recorder().devices.values()) {
      if (d.conflicts == 0) {
        continue;
      }
      ConflictState state = d.state;
      DeviceDiagnosis q1 = null;
      DeviceDiagnosis fromLog = null;
      if (state == null) {
        refused++;
      } else {
        q1 = verdictDuringStorm(state, diagnosis, confirmations);
        fromLog = verdictDuringStorm(state, diagnosis, Map.of());
      }
      Map.Entry<Long, Long> peak =
          d.conflictsPerMinute.entrySet().stream()
              .max(
                  Map.Entry.<Long, Long>comparingByValue()
                      .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
              .orElseThrow();
      long quietAtEnd = end - d.lastConflictMillis;
      devices.add(
          new IncidentReport.Ke1Device(
              d.user,
              d.device,
              d.client.family(),
              d.client.version(),
              d.conflicts,
              d.uploads("ok"),
              d.uploads("rejected"),
              d.uploads("incomplete"),
              Instant.ofEpochMilli(d.firstConflictMillis),
              Instant.ofEpochMilli(d.lastConflictMillis),
              peak.getValue(),
              Instant.ofEpochMilli(peak.getKey() * 60_000L),
              List.copyOf(d.keyIds),
              d.keyIdsNotListed,
              valuesDiffer(d),
              q1 == null ? "unknown" : q1.verdict().label(),
              fromLog == null ? "unknown" : fromLog.verdict().label(),
              q1 == null ? "beyond devices.max_devices: counted, not diagnosed" : q1.evidence(),
              q1 == null ? "" : q1.verdict().meaning(),
              q1 == null ? "" : q1.verdict().captureNext(),
              quietAtEnd <= quietMillis
                  ? "still rejected when the log ends"
                  : "quiet for the last " + quietAtEnd / 60_000 + " min of the log"));
    }
    devices.sort(Comparator.comparingLong(IncidentReport.Ke1Device::conflicts).reversed());
    return new IncidentReport.Ke1(devices, refused);
  }

  /**
   * The decision tree's Q1 answer at the device's last rejected upload, on the log's clock: what
   * the exporter said while the storm lasted. With {@code --confirm}, the database's answer of
   * today stands in for the one it would have given then.
   */
  private static @Nullable DeviceDiagnosis verdictDuringStorm(
      ConflictState state,
      DiagnosisConfig diagnosis,
      Map<DeviceRef, ConflictConfirmation> confirmations) {
    Optional<DeviceRef> device = state.last().device();
    if (device.isEmpty()) {
      return null;
    }
    ConflictConfirmation confirmation = confirmations.get(device.get());
    Evidence evidence =
        new Evidence(
            Map.of(),
            Map.of(),
            confirmation == null ? Map.of() : Map.of(device.get(), confirmation),
            List.of(state),
            List.of(),
            (source, fallback) -> state.lastConflictMillis());
    DecisionTree tree =
        new DecisionTree(diagnosis.quietPeriod().toMillis(), diagnosis.backlogStall().toMillis());
    return tree.diagnose(evidence, state.lastConflictMillis()).stream()
        .filter(d -> d.verdict().question() == Verdict.Question.Q1)
        .findFirst()
        .orElse(null);
  }

  private static String valuesDiffer(IncidentRecorder.DeviceIncident d) {
    if (d.valuesDiffer > 0 && d.valuesSame == 0 && d.valuesUnknown == 0) {
      return "yes";
    }
    if (d.valuesSame > 0 && d.valuesDiffer == 0 && d.valuesUnknown == 0) {
      return "no";
    }
    if (d.valuesDiffer == 0 && d.valuesSame == 0) {
      return "unknown";
    }
    return "mixed";
  }

  private static IncidentReport.Ke2 ke2(IncidentRecorder recorder) {
    List<IncidentReport.Ke2Minute> minutes = new ArrayList<>();
    for (IncidentRecorder.Minute m : recorder.minutes.values()) {
      if (!m.toDevice.isEmpty()) {
        minutes.add(
            new IncidentReport.Ke2Minute(Instant.ofEpochMilli(m.minute * 60_000L), m.toDevice));
      }
    }
    return new IncidentReport.Ke2(
        recorder.toDevice, recorder.toDevice.getOrDefault(CALL_KEYS, Map.of()), minutes);
  }

  private static @Nullable Instant instant(long millis) {
    return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis);
  }

  /** A counter summed over every label but {@code by}. */
  private static Map<String, Long> sumBy(MetricSnapshots metrics, String name, String by) {
    Map<String, Long> out = new TreeMap<>();
    for (CounterSnapshot.CounterDataPointSnapshot p : counter(metrics, name)) {
      out.merge(p.getLabels().get(by), (long) p.getValue(), Long::sum);
    }
    return out;
  }

  private static Map<String, Long> sumBy(MetricSnapshots metrics, String name) {
    Map<String, Long> out = new TreeMap<>();
    for (CounterSnapshot.CounterDataPointSnapshot p : counter(metrics, name)) {
      out.merge("", (long) p.getValue(), Long::sum);
    }
    return out;
  }

  private static Map<String, Map<String, Long>> sumBy(
      MetricSnapshots metrics, String name, String row, String column) {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    for (CounterSnapshot.CounterDataPointSnapshot p : counter(metrics, name)) {
      if (p.getValue() > 0) {
        out.computeIfAbsent(p.getLabels().get(row), r -> new TreeMap<>())
            .merge(p.getLabels().get(column), (long) p.getValue(), Long::sum);
      }
    }
    return out;
  }

  private static List<CounterSnapshot.CounterDataPointSnapshot> counter(
      MetricSnapshots metrics, String name) {
    for (MetricSnapshot m : metrics) {
      if (m instanceof CounterSnapshot c && c.getMetadata().getPrometheusName().equals(name)) {
        return c.getDataPoints();
      }
    }
    return List.of();
  }
}
