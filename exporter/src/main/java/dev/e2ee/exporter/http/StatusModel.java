package dev.e2ee.exporter.http;

import dev.e2ee.exporter.metrics.BuildInfo;
import dev.e2ee.exporter.runtime.SourceStatus;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** What the status endpoints show: the build, when it started, and each source's state. */
public record StatusModel(BuildInfo build, Instant startedAt, Supplier<List<SourceStatus>> sources) {

  boolean ready() {
    return sources.get().stream().allMatch(s -> s.state().initialised());
  }
}
