package dev.e2ee.exporter.http;

import dev.e2ee.exporter.diagnosis.DeviceDiagnosis;
import dev.e2ee.exporter.diagnosis.Findings;
import dev.e2ee.exporter.metrics.BuildInfo;
import dev.e2ee.exporter.source.SourceStatus;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the status endpoints show: the build, when it started, each source's state, and the verdicts
 * that need a person with the findings behind them.
 */
public record StatusModel(
    BuildInfo build,
    Instant startedAt,
    Supplier<List<SourceStatus>> sources,
    Supplier<List<DeviceDiagnosis>> attention,
    Supplier<Findings> findings) {

  public StatusModel(BuildInfo build, Instant startedAt, Supplier<List<SourceStatus>> sources) {
    this(build, startedAt, sources, List::of, Findings::none);
  }

  boolean ready() {
    return sources.get().stream().allMatch(s -> s.state().initialised());
  }
}
