package dev.e2ee.exporter.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code replay --label NAME=VALUE} options as the backfilled series' target labels. */
final class TargetLabels {
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private TargetLabels() {}

  /**
   * The labels in the order given, then {@code job} and {@code instance}.
   *
   * @throws IllegalArgumentException naming the first option that is not a usable NAME=VALUE
   */
  static Map<String, String> of(List<String> options, String job, String instance) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String option : options) {
      int eq = option.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "--label "
                + option
                + ": give the label as NAME=VALUE, e.g. --label homeserver=matrix.example.org");
      }
      String name = option.substring(0, eq);
      if (!LABEL_NAME.matcher(name).matches() || name.equals("job") || name.equals("instance")) {
        throw new IllegalArgumentException(
            "--label "
                + name
                + ": a label name is letters, digits and _ (job and instance have their own"
                + " options)");
      }
      labels.put(name, option.substring(eq + 1));
    }
    labels.put("job", job);
    labels.put("instance", instance);
    return labels;
  }
}
