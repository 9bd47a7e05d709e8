package dev.e2ee.exporter.db;

import java.util.List;
import java.util.Optional;

/** The collectors a poller runs, for the side that serves their results. */
public record RunningCollectors(List<DbCollector> all) {
  public RunningCollectors {
    all = List.copyOf(all);
  }

  /** The running collector of this class, if this exporter's role runs one. */
  public <T extends DbCollector> Optional<T> find(Class<T> kind) {
    return all.stream().filter(kind::isInstance).map(kind::cast).findFirst();
  }
}
