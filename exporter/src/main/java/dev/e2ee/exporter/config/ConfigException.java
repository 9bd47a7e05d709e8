package dev.e2ee.exporter.config;

/**
 * A configuration problem an operator must fix. The message is one line that names the file, the
 * line and the key path, because that is what someone reading a failed {@code systemctl start}
 * needs to see first.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
