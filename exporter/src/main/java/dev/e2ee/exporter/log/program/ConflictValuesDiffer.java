package dev.e2ee.exporter.log.program;

import dev.e2ee.exporter.domain.KeyValues;
import dev.e2ee.exporter.evidence.ConflictState;
import dev.e2ee.exporter.metrics.Gauges;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;

/**
 * The log's own KE-1 divergence evidence as a gauge, so the alert rules can decide as the Q1
 * verdict does on an exporter without the database: Synapse raises "One time key ... already
 * exists. Old key: ...; new key: ..." only when the stored and the uploaded value differ, and the
 * error names both. 1 when the device's last rejected upload showed differing values, 0 when they
 * were equal (signatures ignored); no series when the error's values could not be read - unknown,
 * not "same". Made from {@link ConflictingDevices}' table, so it has exactly its devices: the same
 * device bound with counted refusals and the same idle TTL as the other per-device KE-1 gauges.
 */
final class ConflictValuesDiffer {
  static final String METRIC = "synapse_e2ee_otk_conflict_values_differ";

  private ConflictValuesDiffer() {}

  static GaugeSnapshot of(Iterable<ConflictState> devices) {
    Gauges differ =
        new Gauges(
            METRIC,
            "1 when Synapse's error for this device's last rejected one-time-key upload showed a stored value other than the uploaded one (KE-1 divergence seen in the log), 0 when equal; absent when unreadable.");
    for (ConflictState s : devices) {
      KeyValues values = s.last().keyValues();
      if (values != KeyValues.UNREADABLE) {
        differ.add(
            values == KeyValues.DIFFER ? 1 : 0, "device", s.deviceLabel(), "user", s.userLabel());
      }
    }
    return differ.build();
  }
}
