package dev.e2ee.exporter.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Version and git revision baked into the jar at build time. */
public record BuildInfo(String version, String revision) {
  private static final String RESOURCE = "/dev/e2ee/exporter/build.properties";

  public static BuildInfo current() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // An unreadable resource inside our own jar: report unknown rather than refuse to start.
    }
    return new BuildInfo(
        clean(properties.getProperty("version")), clean(properties.getProperty("revision")));
  }

  private static String clean(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value.trim();
  }

  public String javaVersion() {
    return System.getProperty("java.version", "unknown");
  }
}
