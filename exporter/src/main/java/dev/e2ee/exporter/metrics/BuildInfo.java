package dev.e2ee.exporter.metrics;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
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

  /** {@code synapse_e2ee_build_info}, which dashboards read their instance list from. */
  public void register(PrometheusRegistry registry) {
    Gauge.builder()
        .name("synapse_e2ee_build_info")
        .help("Build of the running exporter; the value is always 1.")
        .labelNames("version", "revision", "java_version")
        .register(registry)
        .labelValues(version, revision, javaVersion())
        .set(1);
  }

  public String javaVersion() {
    return System.getProperty("java.version", "unknown");
  }
}
