package dev.e2ee.exporter.console;

import java.util.List;
import java.util.Optional;

/**
 * Everything the landing page and {@code /api/v1/console} show, taken at one instant.
 *
 * @param probe the health probe's latest reading, empty when no probe is configured
 */
public record ConsoleSnapshot(
    long nowMillis,
    List<DeviceRow> devices,
    List<SourceView> sources,
    Q4Now q4,
    Optional<HealthProbe.Reading> probe,
    String q4RunbookUrl,
    long devicesNotTracked) {

  /** What cannot be answered right now, one sentence per blind source. */
  public List<String> cannotAnswer() {
    return sources.stream().flatMap(s -> s.cannotAnswer().stream()).toList();
  }
}
