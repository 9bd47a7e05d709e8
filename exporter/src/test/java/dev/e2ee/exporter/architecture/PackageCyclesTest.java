package dev.e2ee.exporter.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The exporter's packages follow the data flow and point one way: no package may reach itself again
 * through the others. Read from the sources (imports, and same-module fully qualified names), so a
 * new cycle fails the build with the packages named.
 */
class PackageCyclesTest {
  static final String ROOT = "dev.e2ee.exporter";
  static final Pattern REFERENCE =
      Pattern.compile("\\b(dev\\.e2ee\\.exporter(?:\\.[a-z]+)+)\\.[A-Z]");
  static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");

  static Map<String, Set<String>> dependencies() throws IOException {
    Map<String, Set<String>> deps = new TreeMap<>();
    Path sources = Path.of("src/main/java");
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String text = Files.readString(file);
        Matcher p = PACKAGE.matcher(text);
        if (!p.find()) {
          continue;
        }
        String own = p.group(1);
        Set<String> out = deps.computeIfAbsent(own, k -> new TreeSet<>());
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
          if (!m.group(1).equals(own)) {
            out.add(m.group(1));
          }
        }
      }
    }
    return deps;
  }

  /** Strongly connected components with more than one package (Tarjan). */
  static List<Set<String>> cycles(Map<String, Set<String>> deps) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> found = new ArrayList<>();
    int[] counter = {0};
    for (String v : deps.keySet()) {
      if (!index.containsKey(v)) {
        strongConnect(v, deps, index, low, stack, onStack, found, counter);
      }
    }
    return found;
  }

  private static void strongConnect(
      String v,
      Map<String, Set<String>> deps,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<Set<String>> found,
      int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]);
    counter[0]++;
    stack.push(v);
    onStack.add(v);
    for (String w : deps.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        strongConnect(w, deps, index, low, stack, onStack, found, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w.substring(ROOT.length() + 1));
      } while (!w.equals(v));
      if (component.size() > 1) {
        found.add(component);
      }
    }
  }

  @Test
  void noPackageReachesItselfAgain() throws IOException {
    Map<String, Set<String>> deps = dependencies();
    assertThat(deps).containsKeys(ROOT + ".log", ROOT + ".db", ROOT + ".http", ROOT + ".diagnosis");
    assertThat(cycles(deps)).as("package cycles").isEmpty();
  }

  @Test
  void diagnosisReadsEvidenceNotTheSourcesThatGatherIt() throws IOException {
    // The decision tree must be testable from values alone: no collector, no log program.
    assertThat(dependencies().get(ROOT + ".diagnosis"))
        .containsOnly(ROOT + ".domain", ROOT + ".evidence", ROOT + ".metrics");
    assertThat(dependencies().get(ROOT + ".evidence")).containsOnly(ROOT + ".domain");
  }

  @Test
  void theCheckFindsACycle() {
    assertThat(
            cycles(
                Map.of(
                    ROOT + ".a",
                    Set.of(ROOT + ".b"),
                    ROOT + ".b",
                    Set.of(ROOT + ".a"),
                    ROOT + ".c",
                    Set.of(ROOT + ".a"))))
        .containsExactly(new TreeSet<>(List.of("a", "b")));
  }
}
