package dev.e2ee.exporter.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Classes a reader can hold (#28): no production source file of any module over {@value
 * #MAX_CLASS_LINES} lines, no method or constructor over {@value #MAX_METHOD_LINES}. What is still
 * being split is named below, each with who is on it; the list only shrinks.
 */
class SizesTest {
  static final int MAX_CLASS_LINES = 300;
  static final int MAX_METHOD_LINES = 80;
  static final List<String> MODULES = List.of("exporter", "fixture", "demo", "bench", "compat");

  /**
   * What #28 has not split yet: a class (file, relative to the repository) or a method ({@code
   * file#method}). Remove an entry when its split lands; an entry that no longer exceeds fails the
   * test, so the list cannot go stale.
   */
  static final Set<String> NOT_YET_SPLIT =
      // Empty since #28: every production class and method fits. An entry here is a debt to pay.
      Set.of();

  @Test
  void noProductionClassOrMethodIsTooLongToHold() throws IOException {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    List<String> over = new ArrayList<>();
    for (String module : MODULES) {
      Path sources = repo.resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(sources)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
          over.addAll(
              tooLong(
                  repo.relativize(file).toString(),
                  Files.readString(file, StandardCharsets.UTF_8)));
        }
      }
    }
    List<String> unexpected = new ArrayList<>();
    for (String o : over) {
      String key = o.substring(0, o.indexOf(' '));
      if (!NOT_YET_SPLIT.contains(key) && !NOT_YET_SPLIT.contains(key.replaceAll("#.*", ""))) {
        unexpected.add(o);
      }
    }
    assertThat(unexpected).as("split these by job (#28)").isEmpty();
    List<String> stale = new ArrayList<>();
    for (String allowed : NOT_YET_SPLIT) {
      if (over.stream().noneMatch(o -> o.startsWith(allowed))) {
        stale.add(allowed);
      }
    }
    assertThat(stale).as("fits now: remove from NOT_YET_SPLIT").isEmpty();
  }

  @Test
  void measuresMethodsAndIgnoresBracesInTextAndLambdas() {
    String source =
        """
        class A {
          record R(int x) {}
          /** } */
          @Override
          public String toString() {
            String s = "}{";
            Runnable r = () -> {
              if (s.isEmpty()) { return; }
            };
            return s + '}';
          }
          A(int a) throws java.io.IOException {
          }
        }
        """;
    assertThat(SourceSizes.methods(source))
        .containsExactly(new SourceSizes.Method("toString", 8), new SourceSizes.Method("A", 2));
    assertThat(SourceSizes.lines(source)).isEqualTo(14);
  }

  static List<String> tooLong(String file, String source) {
    List<String> over = new ArrayList<>();
    int lines = SourceSizes.lines(source);
    if (lines > MAX_CLASS_LINES) {
      over.add(file + " " + lines + " lines");
    }
    for (SourceSizes.Method m : SourceSizes.methods(source)) {
      if (m.lines() > MAX_METHOD_LINES) {
        over.add(file + "#" + m.name() + " " + m.lines() + " lines");
      }
    }
    return over;
  }
}
