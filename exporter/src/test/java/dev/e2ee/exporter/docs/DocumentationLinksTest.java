package dev.e2ee.exporter.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link and {@code #anchor} in the project's Markdown pages resolves: the file exists
 * and the anchor is one of its headings under GitHub's slug rules. The README was split into docs/
 * pages, so a moved section or renamed heading would otherwise leave a dead link behind.
 */
class DocumentationLinksTest {
  static final Path REPO =
      Path.of(System.getProperty("project.basedir", "exporter")).toAbsolutePath().getParent();

  /** {@code [text](target)} or {@code ![alt](target "title")}; the text may hold code spans. */
  private static final Pattern INLINE_LINK = Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?[^)]*\\)");

  /** {@code [label]: target} reference definitions. */
  private static final Pattern REFERENCE = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:\\s*(\\S+)");

  private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

  @Test
  void everyRelativeLinkAndAnchorResolves() throws IOException {
    List<Path> pages = markdownPages();
    assertThat(pages)
        .contains(
            REPO.resolve("README.md"),
            REPO.resolve("CONTRIBUTING.md"),
            REPO.resolve("CHANGELOG.md"),
            REPO.resolve("docs/operating.md"),
            REPO.resolve("alerts/README.md"))
        .noneMatch(p -> p.toString().contains("/target/"));
    Map<Path, Set<String>> anchors = new HashMap<>();
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : pages) {
      for (String target : links(Files.readString(page))) {
        if (SCHEME.matcher(target).find()) {
          continue; // http:, https:, mailto: - not ours to resolve offline
        }
        checked++;
        String problem = resolve(page, target, anchors);
        if (problem != null) {
          broken.add(REPO.relativize(page) + ": (" + target + ") " + problem);
        }
      }
    }
    assertThat(broken).as("broken links").isEmpty();
    assertThat(checked).as("relative links checked").isGreaterThan(30);
  }

  @Test
  void slugsFollowGitHub() {
    assertThat(slugs("# Beyond one host: several homeservers, workers on several hosts\n"))
        .containsExactly("beyond-one-host-several-homeservers-workers-on-several-hosts");
    assertThat(slugs("## Where Synapse's log is: one example per route\n"))
        .containsExactly("where-synapses-log-is-one-example-per-route");
    assertThat(slugs("## KE-1 — `otk_conflict` storm\n"))
        .containsExactly("ke-1--otk_conflict-storm");
    assertThat(slugs("## [Linked](x.md) *and* **bold**\n")).containsExactly("linked-and-bold");
    assertThat(slugs("# Tests\n## Tests\n## Tests\n"))
        .containsExactly("tests", "tests-1", "tests-2");
    assertThat(slugs("```\n# not a heading\n```\n# Real\n")).containsExactly("real");
  }

  @Test
  void aDeadLinkAndAMissingAnchorAreFound() throws IOException {
    Map<Path, Set<String>> anchors = new HashMap<>();
    Path readme = REPO.resolve("README.md");
    assertThat(resolve(readme, "docs/no-such-page.md", anchors)).contains("does not exist");
    assertThat(resolve(readme, "docs/operating.md#no-such-heading", anchors))
        .contains("no heading");
    assertThat(resolve(readme, "docs/operating.md#troubleshooting", anchors)).isNull();
    assertThat(links("see [a](a.md) and `[b](b.md)`\n```\n[c](c.md)\n```\n[d]: d.md\n"))
        .containsExactly("a.md", "d.md");
  }

  /** Why {@code target}, linked from {@code page}, does not resolve; null when it does. */
  private static String resolve(Path page, String target, Map<Path, Set<String>> anchors)
      throws IOException {
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
    if (!file.startsWith(REPO)) {
      return "points outside the repository";
    }
    if (!Files.exists(file)) {
      return REPO.relativize(file) + " does not exist";
    }
    if (anchor == null || anchor.isEmpty()) {
      return null;
    }
    if (!file.toString().endsWith(".md")) {
      return "an anchor into a file that is not Markdown";
    }
    Set<String> known = anchors.get(file);
    if (known == null) {
      known = slugs(Files.readString(file));
      anchors.put(file, known);
    }
    return known.contains(anchor) ? null : "no heading with slug #" + anchor;
  }

  /** Link targets outside fenced code blocks and code spans. */
  static List<String> links(String markdown) {
    String prose = withoutCode(markdown);
    List<String> targets = new ArrayList<>();
    for (Pattern pattern : List.of(INLINE_LINK, REFERENCE)) {
      Matcher m = pattern.matcher(prose);
      while (m.find()) {
        targets.add(m.group(1));
      }
    }
    return targets;
  }

  /** GitHub's heading anchors, in order, with -1, -2 for repeats. */
  static Set<String> slugs(String markdown) {
    Set<String> slugs = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("```") || line.startsWith("~~~")) {
        fenced = !fenced;
        continue;
      }
      Matcher m = HEADING.matcher(line);
      if (fenced || !m.matches()) {
        continue;
      }
      String base = slug(m.group(2));
      int n = seen.merge(base, 1, Integer::sum) - 1;
      slugs.add(n == 0 ? base : base + "-" + n);
    }
    return slugs;
  }

  /**
   * The heading's rendered text (link targets, emphasis and code marks dropped), lower case,
   * without anything but letters, digits, spaces, hyphens and underscores, spaces as hyphens.
   */
  private static String slug(String heading) {
    String text =
        heading
            .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
            .replaceAll("(\\*\\*|\\*|`)", "")
            .replaceAll("(?<![\\p{L}\\p{N}])_+|_+(?![\\p{L}\\p{N}])", "");
    return text.toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}\\p{Mn} _-]", "")
        .replace(' ', '-');
  }

  private static String withoutCode(String markdown) {
    StringBuilder out = new StringBuilder();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("```") || line.startsWith("~~~")) {
        fenced = !fenced;
      } else if (!fenced) {
        out.append(line.replaceAll("`[^`]*`", "``")).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * The project's pages: Markdown at the top (README, CONTRIBUTING, CHANGELOG), under docs/, and
   * each directory's README (alerts/, dashboards/, mixin/, ...); build output is not a page.
   */
  private static List<Path> markdownPages() throws IOException {
    Pattern page = Pattern.compile("[^/]+\\.md|docs/.+\\.md|(?!target/)[^/]+/README\\.md");
    try (Stream<Path> files = Files.walk(REPO, 3)) {
      return files
          .filter(p -> page.matcher(REPO.relativize(p).toString()).matches())
          .sorted()
          .toList();
    }
  }
}
