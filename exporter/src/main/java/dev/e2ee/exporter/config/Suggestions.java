package dev.e2ee.exporter.config;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" hints for misspelt keys and values. */
final class Suggestions {
  private Suggestions() {}

  /** Returns {@code " (did you mean 'x'?)"} for the closest candidate, or an empty string. */
  static String didYouMean(String typed, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String needle = typed.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      int distance = editDistance(needle, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    // Beyond half the word a "suggestion" is noise; the candidate lists are short, so
    // half still finds start_from -> start_at without pairing unrelated keys.
    int tolerance = Math.max(2, typed.length() / 2);
    return best != null && bestDistance <= tolerance ? " (did you mean '" + best + "'?)" : "";
  }

  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
