package dev.e2ee.exporter.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Tests that mirror the code (#28): every production class of the exporter that has logic has a
 * test beside it, a {@code <Name>Test} or {@code <Name>*Test} in the same package of the test tree,
 * where a maintainer who changes the class looks first.
 *
 * <p>The rule for "has logic": the class's code (comments and literals left out) holds a branch or
 * a loop: {@code if}, {@code for}, {@code while}, {@code switch}, {@code case}, {@code catch} or
 * the conditional {@code ?:}. Records and enums without bodies, interfaces of abstract methods and
 * holders that only pass values on have none and need no test of their own; a method that only
 * delegates is tested where the work is done.
 *
 * <p>What has no test beside it yet would be named below with the reason; the list is empty now and
 * only shrinks: an entry whose class has gained a test (or lost its logic, or is gone) fails the
 * test, so the list cannot go stale.
 */
class TestsBesideCodeTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final Path TEST = Path.of("src/test/java");
  private static final String ROOT = "dev/e2ee/exporter/";

  /** Comments, text blocks, strings and char literals: none of them is logic. */
  private static final Pattern NOT_CODE =
      Pattern.compile(
          "(?s)\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'"
              + "|//[^\\n]*|/\\*.*?\\*/");

  /** A branch or a loop; {@code ?} after {@code <} or {@code ,} is a wildcard, not a choice. */
  private static final Pattern LOGIC =
      Pattern.compile("\\b(?:if|for|while|switch|catch)\\s*\\(|\\bcase\\b|[^<,\\s]\\s*\\?\\s");

  /**
   * Classes with logic and no test beside them yet, relative to {@code dev/e2ee/exporter/}, each
   * under why it has none. Empty since BoundedWrite's own test landed (#28): every class with logic
   * has a test beside it. It stays as the one place where an exception would have to be argued in
   * review, with its reason; an entry whose class has a test fails the check.
   */
  static final Map<String, List<String>> NO_TEST_BESIDE_YET = Map.ofEntries();

  @Test
  void everyClassWithLogicHasATestBesideIt() throws IOException {
    Set<String> untested = untestedClassesWithLogic();
    Set<String> allowed = new TreeSet<>();
    NO_TEST_BESIDE_YET.values().forEach(allowed::addAll);
    Set<String> unexpected = new TreeSet<>(untested);
    unexpected.removeAll(allowed);
    assertThat(unexpected)
        .as("write a test beside each (#28), or name it in NO_TEST_BESIDE_YET with why")
        .isEmpty();
    Set<String> stale = new TreeSet<>(allowed);
    stale.removeAll(untested);
    assertThat(stale)
        .as("has a test now (or no logic, or is gone): remove from NO_TEST_BESIDE_YET")
        .isEmpty();
  }

  @Test
  void logicIsABranchOrALoopInCodeNotInTextOrTypes() {
    assertThat(hasLogic("record R(int x) {}")).isFalse();
    assertThat(hasLogic("interface I { Map<String, ? extends Number> m(List<?> l); }")).isFalse();
    assertThat(hasLogic("class A { /** if (x) */ String s = \"for (;;)\"; char c = '?'; }"))
        .isFalse();
    assertThat(hasLogic("class A { String s = \"\"\"\n  while (true) ? :\n  \"\"\"; }")).isFalse();
    assertThat(hasLogic("class A { int m(int x) { return x > 0 ? x : -x; } }")).isTrue();
    assertThat(hasLogic("class A { void m(int[] a) { for (int x : a) {} } }")).isTrue();
    assertThat(hasLogic("enum E { A; int m() { return switch (this) { case A -> 1; }; } }"))
        .isTrue();
  }

  @Test
  void aTestBesideIsNamedAfterTheClassInTheSamePackage() {
    assertThat(isTestOf("CursorTest.java", "Cursor")).isTrue();
    assertThat(isTestOf("CursorStepsTest.java", "Cursor")).isTrue();
    assertThat(isTestOf("Cursor.java", "Cursor")).isFalse();
    assertThat(isTestOf("CursorFixture.java", "Cursor")).isFalse();
    assertThat(isTestOf("ACursorTest.java", "Cursor")).isFalse();
  }

  private static Set<String> untestedClassesWithLogic() throws IOException {
    Set<String> untested = new TreeSet<>();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(MAIN)) {
      sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
    for (Path file : sources) {
      if (!hasLogic(Files.readString(file, StandardCharsets.UTF_8))) {
        continue;
      }
      String relative = MAIN.relativize(file).toString().replace('\\', '/');
      String name = file.getFileName().toString().replace(".java", "");
      if (!testsIn(TEST.resolve(MAIN.relativize(file)).getParent()).stream()
          .anyMatch(test -> isTestOf(test, name))) {
        untested.add(relative.substring(ROOT.length(), relative.length() - ".java".length()));
      }
    }
    return untested;
  }

  private static List<String> testsIn(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      files.forEach(f -> names.add(f.getFileName().toString()));
    }
    return names;
  }

  static boolean hasLogic(String source) {
    return LOGIC.matcher(NOT_CODE.matcher(source).replaceAll("\"\"")).find();
  }

  static boolean isTestOf(String testFile, String className) {
    return testFile.startsWith(className) && testFile.endsWith("Test.java");
  }
}
