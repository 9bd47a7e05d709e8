package dev.e2ee.exporter.runtime;

import dev.e2ee.exporter.config.DevicesConfig;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.DeviceClients;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The per-device state both sides fill, built once by the wiring and handed to each: the client
 * table is filled by the log (from request agents) and by the database (from {@code
 * devices.user_agent}). It is built and registered on first use, so an exporter in which neither
 * side fills it serves no such family.
 */
final class DeviceTables {
  private final DevicesConfig devices;
  private final PrometheusRegistry registry;
  private final BoundedMetrics bounded;
  private @Nullable DeviceClients clients;

  DeviceTables(DevicesConfig devices, PrometheusRegistry registry, BoundedMetrics bounded) {
    this.devices = devices;
    this.registry = registry;
    this.bounded = bounded;
  }

  /** The client family and version behind each device's requests. */
  synchronized DeviceClients clients() {
    DeviceClients table = clients;
    if (table == null) {
      table = DeviceClients.registered(devices, registry, bounded);
      clients = table;
    }
    return table;
  }
}
