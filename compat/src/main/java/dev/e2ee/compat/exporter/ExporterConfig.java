package dev.e2ee.compat.exporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The exporter's configuration for the run: the real Synapse's log read from its start, its
 * database polled every second through the read-only role, a backlog called after the shortest
 * allowed watch (30 s) so the KE-2 verdicts settle within the run, and Synapse's /health probed
 * every 2 s with a 1 s timeout so the 20 s freeze gives several timed-out probes (#26.3).
 */
public final class ExporterConfig {
  private ExporterConfig() {}

  public static Path write(
      Path dir,
      int port,
      String serverName,
      String healthUrl,
      Path synapseLog,
      String dbHost,
      int dbPort)
      throws IOException {
    String yaml =
        """
        listen:
          address: 127.0.0.1
          port: %d
        synapse:
          server_name: %s
          log_timezone: UTC
          health_url: %s
          health_interval: 2s
          health_timeout: 1s
        logs:
          files: [%s]
          format: auto
          start_at: beginning
          poll_interval: 250ms
          positions_file: ""
        database:
          host: %s
          port: %d
          name: synapse
          user: synapse_e2ee_exporter
          password_env: %s
          sslmode: disable
          poll_interval: 1s
          aggregate_interval: 10s
        devices:
          active_days: 7
          max_devices: 500
        diagnosis:
          backlog_stall: 30s
        """
            .formatted(
                port, serverName, healthUrl, synapseLog, dbHost, dbPort, ExporterJar.PASSWORD_ENV);
    Path file = dir.resolve("exporter.yml");
    Files.writeString(file, yaml);
    return file;
  }
}
