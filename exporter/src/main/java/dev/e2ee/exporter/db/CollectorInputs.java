package dev.e2ee.exporter.db;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.PollingConfig;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.DeviceClients;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Everything a collector's factory may need, built once by the wiring.
 *
 * @param activeConflicts the KE-1 conflicts the logs show now (the confirmer looks up their keys)
 * @param clients the per-device client table shared with the log side
 */
public record CollectorInputs(
    ExporterConfig config,
    PrometheusRegistry registry,
    BoundedMetrics bounded,
    IdentityLabels ids,
    Supplier<? extends Collection<OtkConflict>> activeConflicts,
    Supplier<DeviceClients> clients) {

  int maxDevices() {
    return config.devices().maxDevices();
  }

  PollingConfig polling() {
    return config.database().polling();
  }
}
