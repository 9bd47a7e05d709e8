package dev.e2ee.exporter.replay;

import java.util.Map;
import java.util.StringJoiner;

/** Request counts by status code, as a sentence of the Markdown report rather than a Java map. */
final class StatusCounts {
  private StatusCounts() {}

  /** {@code {200=12, 429=2}} as "12 with status 200, 2 with 429"; "none" when empty. */
  static String byStatus(Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return "none";
    }
    StringJoiner words = new StringJoiner(", ");
    boolean first = true;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      words.add(e.getValue() + (first ? " with status " : " with ") + e.getKey());
      first = false;
    }
    return words.toString();
  }

  /** {@code {update={200=114, 499=11}}} as "update: 114 with status 200, 11 with 499". */
  static String byActionAndStatus(Map<String, Map<String, Long>> counts) {
    if (counts.isEmpty()) {
      return "none";
    }
    StringJoiner words = new StringJoiner("; ");
    counts.forEach((action, codes) -> words.add(action + ": " + byStatus(codes)));
    return words.toString();
  }
}
