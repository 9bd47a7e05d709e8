package dev.e2ee.exporter.config;

import java.time.Duration;

/** How the decision tree turns evidence into verdicts. */
public record DiagnosisConfig(Duration quietPeriod, Duration backlogStall) {
  public static final DiagnosisConfig DEFAULTS =
      new DiagnosisConfig(Duration.ofMinutes(10), Duration.ofMinutes(5));
}
