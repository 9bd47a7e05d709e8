package dev.e2ee.exporter.console;

import dev.e2ee.exporter.diagnosis.DeviceDiagnosis;
import dev.e2ee.exporter.diagnosis.Verdict;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.evidence.Backlog;
import dev.e2ee.exporter.evidence.ConflictState;
import dev.e2ee.exporter.evidence.Evidence;
import dev.e2ee.exporter.metrics.IdentityLabels;
import dev.e2ee.exporter.source.SourceStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Puts the console together from what the exporter already keeps: the verdicts that need a person,
 * each device's hour of history, when its problem started, the live Q4, and which sources are
 * blind. Does no I/O; called per page view and per {@code /api/v1/console} request.
 */
public final class Console {
  private final Supplier<List<DeviceDiagnosis>> attention;
  private final Supplier<Evidence> evidence;
  private final Supplier<List<SourceStatus>> sources;
  private final Instant startedAt;
  private final DeviceHistory history;
  private final LiveQ4 q4;
  private final HealthProbe probe;
  private final Links links;
  private final CaptureCommandLine capture;
  private final IdentityLabels ids;
  private final Clock clock;

  public Console(
      Supplier<List<DeviceDiagnosis>> attention,
      Supplier<Evidence> evidence,
      Supplier<List<SourceStatus>> sources,
      Instant startedAt,
      DeviceHistory history,
      LiveQ4 q4,
      HealthProbe probe,
      Links links,
      CaptureCommandLine capture,
      IdentityLabels ids,
      Clock clock) {
    this.attention = attention;
    this.evidence = evidence;
    this.sources = sources;
    this.startedAt = startedAt;
    this.history = history;
    this.q4 = q4;
    this.probe = probe;
    this.links = links;
    this.capture = capture;
    this.ids = ids;
    this.clock = clock;
  }

  public ConsoleSnapshot snapshot() {
    long now = clock.millis();
    Evidence e = evidence.get();
    Map<DeviceRef, ConflictState> conflicts = new HashMap<>();
    for (ConflictState c : e.conflicts()) {
      c.last().device().ifPresent(d -> conflicts.put(d, c));
    }
    List<DeviceRow> rows = new ArrayList<>();
    for (DeviceDiagnosis d : attention.get()) {
      rows.add(row(d, e, conflicts, now));
    }
    List<SourceView> views = new ArrayList<>();
    for (SourceStatus s : sources.get()) {
      views.add(SourceView.of(s, startedAt));
    }
    return new ConsoleSnapshot(
        now,
        List.copyOf(rows),
        List.copyOf(views),
        q4.answer(),
        probe.latest(),
        links.runbook(Links.Q4_ANCHOR),
        history.refused());
  }

  private DeviceRow row(
      DeviceDiagnosis d, Evidence e, Map<DeviceRef, ConflictState> conflicts, long now) {
    DeviceRef ref = new DeviceRef(d.userId(), d.deviceId());
    boolean q1 = d.verdict().question() == Verdict.Question.Q1;
    Optional<Long> start = q1 ? history.stormStart(ref) : backlogStart(e.inbox().get(ref));
    long since = start.orElse(d.sinceMillis());
    Optional<DeviceHistory.Series> series;
    if (q1) {
      ConflictState c = conflicts.get(ref);
      long logNow = c == null ? now : e.logClock().millis(c.source(), now);
      series = history.conflicts(ref, logNow);
    } else {
      series = history.pending(ref, now);
    }
    return new DeviceRow(
        d.userId(),
        d.deviceId(),
        d.verdict(),
        d.evidence(),
        since,
        start.isPresent(),
        series,
        links.grafana(ids.user(d.userId()), ids.device(d.deviceId()), since, now),
        links.runbook(d.verdict()),
        capture.forDevice(d.userId(), d.deviceId(), since));
  }

  /**
   * A backlog's problem began with the last acknowledgement this exporter saw; when it saw none,
   * the start is not known (the backlog may be older than the exporter) and the row says so.
   */
  private static Optional<Long> backlogStart(@Nullable Backlog b) {
    if (b == null || b.pending() == 0 || b.acknowledgedAtMillis() == null) {
      return Optional.empty();
    }
    return Optional.of(b.unchangedSinceMillis());
  }
}
