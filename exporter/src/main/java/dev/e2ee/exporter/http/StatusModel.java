package dev.e2ee.exporter.http;

import dev.e2ee.exporter.console.CapturedBundle;
import dev.e2ee.exporter.console.ConsoleSnapshot;
import dev.e2ee.exporter.console.Q4Now;
import dev.e2ee.exporter.console.SourceView;
import dev.e2ee.exporter.diagnosis.Findings;
import dev.e2ee.exporter.metrics.BuildInfo;
import dev.e2ee.exporter.source.SourceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the status endpoints show: the build, when it started, each source's state, the console
 * (verdicts that need a person, their history, Q4), the findings, and the captured bundles.
 *
 * @param bundles empty list when the alert capture is off
 */
public record StatusModel(
    BuildInfo build,
    Instant startedAt,
    Supplier<List<SourceStatus>> sources,
    Supplier<ConsoleSnapshot> console,
    Supplier<Findings> findings,
    Supplier<List<CapturedBundle>> bundles,
    int refreshSeconds) {

  /** Sources only: no verdicts, no Q4 answered, no capture (tests of the listener). */
  public StatusModel(BuildInfo build, Instant startedAt, Supplier<List<SourceStatus>> sources) {
    this(
        build,
        startedAt,
        sources,
        () ->
            new ConsoleSnapshot(
                System.currentTimeMillis(),
                List.of(),
                sources.get().stream().map(s -> SourceView.of(s, startedAt)).toList(),
                Q4Now.NOTHING_READ,
                Optional.empty(),
                "runbook#ke-4-delayed-event-timeouts",
                0),
        Findings::none,
        List::of,
        30);
  }

  boolean ready() {
    return sources.get().stream().allMatch(s -> s.state().initialised());
  }
}
