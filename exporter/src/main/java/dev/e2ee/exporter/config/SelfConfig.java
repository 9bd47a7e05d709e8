package dev.e2ee.exporter.config;

/** The {@code exporter:} section: the exporter process itself. */
public record SelfConfig(LogLevel logLevel) {
  public static final SelfConfig DEFAULTS = new SelfConfig(LogLevel.INFO);
}
