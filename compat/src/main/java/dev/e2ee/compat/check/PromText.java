package dev.e2ee.compat.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples of a Prometheus text exposition, enough to compare figures: name, labels, value. Lines
 * that are comments or do not parse are left out (a check on a missing series then fails with the
 * figure it expected).
 */
public final class PromText {
  /** One sample. */
  public record Sample(String name, Map<String, String> labels, double value) {
    public boolean has(Map<String, String> wanted) {
      for (Map.Entry<String, String> w : wanted.entrySet()) {
        if (!w.getValue().equals(labels.get(w.getKey()))) {
          return false;
        }
      }
      return true;
    }
  }

  private final List<Sample> samples;

  private PromText(List<Sample> samples) {
    this.samples = samples;
  }

  public static PromText parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.lines().toList()) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Sample s = sample(line);
      if (s != null) {
        out.add(s);
      }
    }
    return new PromText(out);
  }

  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** Sum of the samples of {@code name} whose labels include {@code labels}; 0 when none. */
  public double sum(String name, Map<String, String> labels) {
    double total = 0;
    for (Sample s : samples) {
      if (s.name().equals(name) && s.has(labels)) {
        total += s.value();
      }
    }
    return total;
  }

  /** Whether any sample of {@code name} has {@code labels}. */
  public boolean present(String name, Map<String, String> labels) {
    return samples.stream().anyMatch(s -> s.name().equals(name) && s.has(labels));
  }

  private static @org.jspecify.annotations.Nullable Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (space < 0) {
      return null;
    }
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    int rest;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      rest = labels(line, brace + 1, labels);
      if (rest < 0) {
        return null;
      }
    } else {
      name = line.substring(0, space);
      rest = space;
    }
    String[] tail = line.substring(rest).trim().split(" ", -1);
    try {
      return new Sample(name, labels, Double.parseDouble(tail[0]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Reads {@code a="x",b="y"}} from {@code i}; the index after the closing brace, or -1. */
  private static int labels(String line, int i, Map<String, String> into) {
    while (i < line.length()) {
      if (line.charAt(i) == '}') {
        return i + 1;
      }
      int eq = line.indexOf('=', i);
      if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
        return -1;
      }
      String key = line.substring(i, eq);
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      while (j < line.length() && line.charAt(j) != '"') {
        char c = line.charAt(j);
        if (c == '\\' && j + 1 < line.length()) {
          char n = line.charAt(++j);
          value.append(n == 'n' ? '\n' : n);
        } else {
          value.append(c);
        }
        j++;
      }
      into.put(key, value.toString());
      i = j + 1;
      if (i < line.length() && line.charAt(i) == ',') {
        i++;
      }
    }
    return -1;
  }
}
