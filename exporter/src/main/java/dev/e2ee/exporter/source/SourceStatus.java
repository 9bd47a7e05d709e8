package dev.e2ee.exporter.source;

import java.time.Instant;
import java.util.Optional;

/**
 * What a source reports about itself. {@code detail} is for people (landing page, status JSON) and
 * must never carry secrets: callers build it from counts, paths and error classes.
 */
public record SourceStatus(
    String name, State state, String target, String detail, Optional<Instant> lastSuccess) {

  public enum State {
    /** Configured off. */
    DISABLED,
    /** Started but has not finished its first attempt yet; the exporter is not ready. */
    STARTING,
    /** Working. */
    UP,
    /** Tried and failed; the rest of the exporter keeps working. */
    DOWN;

    public boolean initialised() {
      return this != STARTING;
    }
  }
}
