package dev.e2ee.exporter.testing;

import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.config.DevicesConfig;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.ListenConfig;
import dev.e2ee.exporter.config.LogFormat;
import dev.e2ee.exporter.config.LogLevel;
import dev.e2ee.exporter.config.LogsConfig;
import dev.e2ee.exporter.config.PollingConfig;
import dev.e2ee.exporter.config.SelfConfig;
import dev.e2ee.exporter.config.SslMode;
import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.config.SynapseConfig;
import dev.e2ee.exporter.config.UserIdMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Configs for tests: loopback, any free port, and only the sources a test asks for. */
public final class TestConfigs {
  private TestConfigs() {}

  public static ExporterConfig noSources() {
    return with(disabledLogs(), disabledDatabase());
  }

  public static ExporterConfig with(LogsConfig logs, DatabaseConfig database) {
    return new ExporterConfig(
        new ListenConfig("127.0.0.1", 0),
        new SelfConfig(LogLevel.INFO),
        new SynapseConfig("example.org", ZoneOffset.UTC),
        logs,
        database,
        new LabelsConfig(UserIdMode.FULL),
        DevicesConfig.DEFAULTS);
  }

  public static LogsConfig disabledLogs() {
    return new LogsConfig(
        false, List.of(), LogFormat.TEXT, StartAt.END, 1 << 20, Duration.ofMillis(50));
  }

  public static LogsConfig logsFrom(Path file, StartAt startAt) {
    return new LogsConfig(
        true, List.of(file.toString()), LogFormat.TEXT, startAt, 1 << 20, Duration.ofMillis(50));
  }

  public static DatabaseConfig disabledDatabase() {
    return new DatabaseConfig(
        false,
        "",
        5432,
        "synapse",
        "x",
        Optional.empty(),
        Optional.empty(),
        SslMode.DISABLE,
        Optional.empty(),
        2,
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        PollingConfig.DEFAULTS);
  }

  /** A database the exporter can reach at TCP level on loopback but that never answers. */
  public static DatabaseConfig silentDatabase(int port) {
    return new DatabaseConfig(
        true,
        "127.0.0.1",
        port,
        "synapse",
        "x",
        Optional.empty(),
        Optional.empty(),
        SslMode.DISABLE,
        Optional.empty(),
        2,
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        PollingConfig.DEFAULTS);
  }
}
