package dev.e2ee.exporter.soak;

import dev.e2ee.demo.EmbeddedSynapseDatabase;
import dev.e2ee.fixture.DemoScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The exporter's config file for a soak, written as an operator would write it, so that the
 * packaged jar goes through its real config loading.
 */
final class SoakConfig {
  private SoakConfig() {}

  /** The log from its start, the demo database every 5 s. */
  static Path write(Path dir, int port, Path log, Path positions, int databasePort)
      throws IOException {
    return Files.writeString(
        dir.resolve("config.yml"),
        String.join(
            "\n",
            "listen: {address: 127.0.0.1, port: " + port + "}",
            "synapse: {server_name: " + DemoScenario.SERVER_NAME + ", log_timezone: UTC}",
            "logs: {files: ['"
                + log
                + "'], start_at: beginning, positions_file: '"
                + positions
                + "'}",
            "database: {host: 127.0.0.1, port: "
                + databasePort
                + ", name: "
                + EmbeddedSynapseDatabase.DATABASE
                + ", user: "
                + EmbeddedSynapseDatabase.USER
                + ", sslmode: disable, poll_interval: 5s}",
            ""));
  }
}
