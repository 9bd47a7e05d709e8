package dev.e2ee.exporter.testing;

import dev.e2ee.exporter.config.ExporterConfig;
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

  public static ExporterConfig with(ExporterConfig.Logs logs, ExporterConfig.Database database) {
    return new ExporterConfig(
        new ExporterConfig.Listen("127.0.0.1", 0),
        new ExporterConfig.Self(ExporterConfig.LogLevel.INFO),
        new ExporterConfig.Synapse("example.org", ZoneOffset.UTC),
        logs,
        database,
        new ExporterConfig.Labels(ExporterConfig.UserIdMode.FULL),
        ExporterConfig.Devices.DEFAULTS);
  }

  public static ExporterConfig.Logs disabledLogs() {
    return new ExporterConfig.Logs(
        false,
        List.of(),
        ExporterConfig.LogFormat.TEXT,
        ExporterConfig.StartAt.END,
        1 << 20,
        Duration.ofMillis(50));
  }

  public static ExporterConfig.Logs logsFrom(Path file, ExporterConfig.StartAt startAt) {
    return new ExporterConfig.Logs(
        true,
        List.of(file.toString()),
        ExporterConfig.LogFormat.TEXT,
        startAt,
        1 << 20,
        Duration.ofMillis(50));
  }

  public static ExporterConfig.Database disabledDatabase() {
    return new ExporterConfig.Database(
        false,
        "",
        5432,
        "synapse",
        "x",
        Optional.empty(),
        Optional.empty(),
        ExporterConfig.SslMode.DISABLE,
        Optional.empty(),
        2,
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        ExporterConfig.Polling.DEFAULTS);
  }

  /** A database the exporter can reach at TCP level on loopback but that never answers. */
  public static ExporterConfig.Database silentDatabase(int port) {
    return new ExporterConfig.Database(
        true,
        "127.0.0.1",
        port,
        "synapse",
        "x",
        Optional.empty(),
        Optional.empty(),
        ExporterConfig.SslMode.DISABLE,
        Optional.empty(),
        2,
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        ExporterConfig.Polling.DEFAULTS);
  }
}
