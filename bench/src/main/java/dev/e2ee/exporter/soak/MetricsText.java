package dev.e2ee.exporter.soak;

/**
 * Figures read from a scrape's text exposition. A series that is absent reads as 0, as Prometheus
 * would treat a counter that has not been created yet.
 */
final class MetricsText {
  private MetricsText() {}

  /** The value of exactly this series (name and labels as the exporter prints them). */
  static double value(String metrics, String series) {
    for (String line : metrics.split("\n", -1)) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }

  /** The sum over every series starting with {@code prefix}: a counter across its labels. */
  static double sum(String metrics, String prefix) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** The JVM's heap in use over all its pools, in MB. */
  static double heapMb(String metrics) {
    return sum(metrics, "jvm_memory_used_bytes{area=\"heap\"}") / 1e6;
  }
}
