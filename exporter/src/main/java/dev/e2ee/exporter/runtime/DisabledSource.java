package dev.e2ee.exporter.runtime;

import dev.e2ee.exporter.source.Source;
import dev.e2ee.exporter.source.SourceStatus;
import java.util.Optional;

/** A source switched off in the config: shown as such, nothing to stop. */
record DisabledSource(String name) implements Source {
  @Override
  public SourceStatus status() {
    return new SourceStatus(
        name, SourceStatus.State.DISABLED, "-", "disabled in config", Optional.empty());
  }

  @Override
  public void close() {}
}
