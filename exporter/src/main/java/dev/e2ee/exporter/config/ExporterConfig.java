package dev.e2ee.exporter.config;

/**
 * The whole configuration, immutable once loaded. Every key is documented in {@code
 * deploy/config.example.yml}; {@link ConfigLoader} is the only place that reads it.
 */
public record ExporterConfig(
    ListenConfig listen,
    SelfConfig exporter,
    SynapseConfig synapse,
    LogsConfig logs,
    DatabaseConfig database,
    LabelsConfig labels,
    DevicesConfig devices,
    DiagnosisConfig diagnosis,
    UiConfig ui,
    CaptureConfig capture) {

  /** The same config with other console and capture settings. */
  public ExporterConfig withConsole(UiConfig ui, CaptureConfig capture) {
    return new ExporterConfig(
        listen, exporter, synapse, logs, database, labels, devices, diagnosis, ui, capture);
  }

  /** The same config on another listener. */
  public ExporterConfig withListen(ListenConfig listen) {
    return new ExporterConfig(
        listen, exporter, synapse, logs, database, labels, devices, diagnosis, ui, capture);
  }
}
