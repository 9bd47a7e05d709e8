package dev.e2ee.exporter.cli;

import java.nio.file.Path;

/** Sections of the config files the command tests write, in YAML flow style. */
final class ConfigYaml {
  private ConfigYaml() {}

  /** The synapse section, and a logs section reading {@code log} with its positions file. */
  static String synapseAndLogs(Path log, String format, Path positions) {
    return String.join(
        "\n",
        "synapse: {server_name: example.org, log_timezone: UTC}",
        "logs: {files: ['"
            + log
            + "'], format: "
            + format
            + ", positions_file: '"
            + positions
            + "'}");
  }

  /** A database section for a PostgreSQL on loopback, without TLS. */
  static String databaseSection(int port, String name, String user) {
    return "database: {host: 127.0.0.1, port: "
        + port
        + ", name: "
        + name
        + ", user: "
        + user
        + ", sslmode: disable}";
  }
}
