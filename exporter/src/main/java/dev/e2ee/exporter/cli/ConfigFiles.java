package dev.e2ee.exporter.cli;

import dev.e2ee.exporter.config.ConfigException;
import dev.e2ee.exporter.config.ConfigLoader;
import dev.e2ee.exporter.config.ExporterConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads the --config file for a command, reporting a problem as the one line every command prints.
 */
final class ConfigFiles {
  private ConfigFiles() {}

  /** The config, or empty after printing "config error: ..." to stderr (the caller exits 2). */
  static Optional<ExporterConfig> load(Path file) {
    try {
      return Optional.of(ConfigLoader.load(file));
    } catch (ConfigException e) {
      System.err.println("config error: " + e.getMessage());
      return Optional.empty();
    }
  }
}
