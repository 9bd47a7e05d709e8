package dev.e2ee.exporter.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last value of every series in a backfill file ({@code replay --openmetrics}): what the
 * counters stood at when the log ended. Enough of OpenMetrics for the tests that compare it with a
 * truth: {@code name{labels} value [timestamp]} lines, comments left out.
 */
final class LastSamples {
  record Series(String name, Map<String, String> labels, double value) {}

  private final Map<String, Series> last = new LinkedHashMap<>();

  LastSamples(String openMetrics) {
    for (String line : openMetrics.lines().toList()) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int close = line.lastIndexOf('}');
      int open = line.indexOf('{');
      String name = open < 0 ? line.substring(0, line.indexOf(' ')) : line.substring(0, open);
      Map<String, String> labels = open < 0 ? Map.of() : labels(line.substring(open + 1, close));
      String[] rest = line.substring(open < 0 ? name.length() : close + 1).trim().split(" ", -1);
      last.put(name + labels, new Series(name, labels, Double.parseDouble(rest[0])));
    }
  }

  List<Series> all() {
    return new ArrayList<>(last.values());
  }

  /** Sum of the last values of the series of {@code name} that carry {@code wanted}. */
  double sum(String name, Map<String, String> wanted) {
    double total = 0;
    for (Series s : last.values()) {
      if (s.name().equals(name) && s.labels().entrySet().containsAll(wanted.entrySet())) {
        total += s.value();
      }
    }
    return total;
  }

  private static Map<String, String> labels(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    while (i < body.length()) {
      int eq = body.indexOf('=', i);
      StringBuilder v = new StringBuilder();
      int j = eq + 2;
      for (; body.charAt(j) != '"'; j++) {
        if (body.charAt(j) == '\\') {
          j++;
        }
        v.append(body.charAt(j));
      }
      out.put(body.substring(i, eq), v.toString());
      i = j + 2;
    }
    return out;
  }
}
