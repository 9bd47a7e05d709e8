package dev.e2ee.exporter.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The rule files in alerts/, as shipped but evaluated at a test's pace: every group each second (a
 * group's own 30 s interval would make what a test sees depend on which second it started in), and
 * optionally every alert firing at once instead of after its {@code for}.
 */
public final class ShippedRules {
  public static final List<String> FILES = List.of("recording.rules.yml", "alerts.rules.yml");

  private ShippedRules() {}

  /** Writes both files into {@code dir/rules} and returns that directory. */
  public static Path everySecond(Path dir, boolean fireAtOnce) throws IOException {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    for (String file : FILES) {
      String text =
          Files.readString(ExternalTool.repository().resolve("alerts").resolve(file))
              .replaceAll("(?m)^(\\s+interval:) \\S+$", "$1 1s");
      if (fireAtOnce) {
        text = text.replaceAll("(?m)^(\\s+for:) \\S+$", "$1 0s");
      }
      Files.writeString(rules.resolve(file), text);
    }
    return rules;
  }

  /**
   * The opening of a Prometheus config that scrapes and evaluates the {@code rules} directory
   * written above each second; the caller's own sections follow it on the next line.
   */
  public static String prometheusConfigHead(Path rules) {
    return String.join(
        "\n",
        "global: {scrape_interval: 1s, evaluation_interval: 1s}",
        "rule_files: ['"
            + rules.resolve("recording.rules.yml")
            + "', '"
            + rules.resolve("alerts.rules.yml")
            + "']");
  }
}
