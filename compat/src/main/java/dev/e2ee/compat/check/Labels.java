package dev.e2ee.compat.check;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code Labels.of("user", u, "device", d)}: a label selector, in order. */
public final class Labels {
  private Labels() {}

  public static Map<String, String> of(String... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("label names and values come in pairs");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  /** Sum of a code -> count map, all codes (abandoned included). */
  public static int total(Map<String, Integer> byCode) {
    return byCode.values().stream().mapToInt(Integer::intValue).sum();
  }
}
