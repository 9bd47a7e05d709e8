package dev.e2ee.exporter.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fast group ({@code mvn test -DexcludedGroups=external}, CONTRIBUTING.md) stays fast only if
 * every test that starts PostgreSQL, a Debian tool or the packaged jar says so. Read from the test
 * sources of every module: a test class that names one of those starters without the matching tag
 * fails here, with the file and the starter named.
 */
class ExternalToolsAreTaggedTest {
  /** What a test source names when it starts something outside the JVM, by the tag it needs. */
  static final Map<String, List<String>> STARTERS =
      Map.of(
          "@NeedsPostgres",
          List.of(
              "SynapsePostgres",
              "TestDatabase",
              "DatabaseClient",
              "PostgresServer",
              "EmbeddedPostgres",
              "DemoEnvironment.start",
              "StreamingReplica"),
          "@NeedsTool",
          List.of(
              "ExternalTool.require",
              "PrometheusServer.start",
              "Journals.write",
              "StreamingReplica",
              "systemd-analyze",
              "chromium"),
          "@NeedsPackagedJar",
          List.of("JarProcess"));

  static List<Path> testSources() throws IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ExternalTool.repository())) {
      for (Path module : modules.toList()) {
        Path tests = module.resolve("src/test/java");
        if (!Files.isDirectory(tests)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(tests)) {
          files
              .filter(f -> f.toString().endsWith("Test.java") || f.toString().endsWith("IT.java"))
              .filter(f -> !f.getFileName().toString().equals("ExternalToolsAreTaggedTest.java"))
              .forEach(all::add);
        }
      }
    }
    return all;
  }

  static List<String> untagged(Path file, String text) {
    List<String> problems = new ArrayList<>();
    STARTERS.forEach(
        (tag, starters) -> {
          for (String starter : starters) {
            if (text.contains(starter) && !text.contains(tag)) {
              problems.add(file.getFileName() + " uses " + starter + " but has no " + tag);
            }
          }
        });
    if (file.toString().endsWith("IT.java") && !text.contains("@NeedsPackagedJar")) {
      problems.add(
          file.getFileName() + " is an IT (runs the packaged jar) without @NeedsPackagedJar");
    }
    return problems;
  }

  @Test
  void everyTestThatStartsSomethingOutsideTheJvmIsTagged() throws IOException {
    List<Path> sources = testSources();
    // The demo module's tests must be among them, or the scan looks in the wrong place.
    assertThat(sources).anyMatch(p -> p.toString().contains("/demo/src/test/java/"));
    List<String> problems = new ArrayList<>();
    for (Path file : sources) {
      problems.addAll(untagged(file, Files.readString(file)));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theScanWouldSeeAnUntaggedDatabaseTest() {
    String untaggedSource = "class FooTest { @ExtendWith(SynapsePostgres.class) void t() {} }";
    assertThat(untagged(Path.of("FooTest.java"), untaggedSource))
        .containsExactly("FooTest.java uses SynapsePostgres but has no @NeedsPostgres");
    assertThat(untagged(Path.of("FooTest.java"), "@NeedsPostgres\n" + untaggedSource)).isEmpty();
  }
}
