package dev.e2ee.exporter.testing;

import dev.e2ee.exporter.config.CaptureConfig;
import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.config.DevicesConfig;
import dev.e2ee.exporter.config.DiagnosisConfig;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.ListenConfig;
import dev.e2ee.exporter.config.LogFormat;
import dev.e2ee.exporter.config.LogsConfig;
import dev.e2ee.exporter.config.SelfConfig;
import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.config.SynapseConfig;
import dev.e2ee.exporter.config.UiConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Configs for tests: loopback, any free port, and only the sources a test asks for. */
public final class TestConfigs {
  /** Plain text, read every 50 ms, no positions kept: the log settings most tests share. */
  private static final LogsConfig TEST_LOGS =
      LogsConfig.DEFAULTS.with(
          l -> {
            l.format = LogFormat.TEXT;
            l.pollInterval = Duration.ofMillis(50);
            l.positionsFile = Optional.empty();
          });

  private TestConfigs() {}

  public static ExporterConfig noSources() {
    return with(disabledLogs(), disabledDatabase());
  }

  public static ExporterConfig with(LogsConfig logs, DatabaseConfig database) {
    return new ExporterConfig(
        new ListenConfig("127.0.0.1", 0),
        SelfConfig.DEFAULTS,
        new SynapseConfig("example.org", ZoneOffset.UTC),
        logs,
        database,
        LabelsConfig.DEFAULTS,
        DevicesConfig.DEFAULTS,
        DiagnosisConfig.DEFAULTS,
        UiConfig.DEFAULTS,
        CaptureConfig.DEFAULTS);
  }

  public static LogsConfig disabledLogs() {
    return TEST_LOGS.with(
        l -> {
          l.enabled = false;
          l.files = List.of();
        });
  }

  public static LogsConfig logsFrom(Path file, StartAt startAt) {
    return TEST_LOGS.with(
        l -> {
          l.files = List.of(file.toString());
          l.startAt = startAt;
        });
  }

  public static DatabaseConfig disabledDatabase() {
    return DatabaseConfig.DEFAULTS.with(d -> d.enabled = false);
  }

  /** A database the exporter can reach at TCP level on loopback but that never answers. */
  public static DatabaseConfig silentDatabase(int port) {
    return TestDatabase.exporterConfig("127.0.0.1", port, "synapse", "x", Optional.empty());
  }
}
