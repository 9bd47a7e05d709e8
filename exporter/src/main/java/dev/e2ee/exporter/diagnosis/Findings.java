package dev.e2ee.exporter.diagnosis;

import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.evidence.MissingAlgorithm;
import dev.e2ee.exporter.evidence.StaleTarget;
import java.util.List;

/** The raw findings behind the verdicts, newest last, each list bounded by its source. */
public record Findings(
    List<OtkConflict> otkConflicts,
    List<MissingAlgorithm> encryptedEventsWithoutAlgorithm,
    List<StaleTarget> staleTargets) {

  public static Findings none() {
    return new Findings(List.of(), List.of(), List.of());
  }
}
