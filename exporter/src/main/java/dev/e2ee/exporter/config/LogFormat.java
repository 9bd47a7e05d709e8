package dev.e2ee.exporter.config;

import java.util.Locale;

/**
 * How Synapse's log reaches the file: its own text or JSON formatter, through syslog, inside
 * Docker's json-file driver, or {@code auto}: told per file from its first records.
 */
public enum LogFormat {
  AUTO,
  TEXT,
  JSON,
  SYSLOG,
  DOCKER_JSON;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
