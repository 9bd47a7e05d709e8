package dev.e2ee.exporter.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.ExternalTool;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The runbook renderer: GitHub anchors (the alert rules link to them), escaping, the subset used.
 */
class MarkdownTest {

  @Test
  void everyRunbookUrlOfTheShippedRulesLandsOnAnAnchorOfTheRenderedRunbook() throws Exception {
    String html =
        Markdown.toHtml(Files.readString(ExternalTool.repository().resolve("docs/runbook.md")));
    String rules = Files.readString(ExternalTool.repository().resolve("alerts/alerts.rules.yml"));
    Matcher m = Pattern.compile("runbook_url: \\S*#([a-z0-9-]+)").matcher(rules);
    int found = 0;
    while (m.find()) {
      assertThat(html).as("anchor %s", m.group(1)).contains("id=\"" + m.group(1) + "\"");
      found++;
    }
    assertThat(found).isGreaterThan(10);
  }

  @Test
  void rendersTheSubsetAndEscapesEverythingElse() {
    String html =
        Markdown.toHtml(
            "# KE-1: OTK conflict storm\n\nSome `code <b>` and **bold** and [a link](https://x.org/?a=1&b=2)"
                + " and [bad](javascript:alert(1)).\n\n- one\n  continued\n- two\n\n1. first\n\n"
                + "```\n<script>x</script>\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n# KE-1: OTK conflict storm\n");
    assertThat(html)
        .contains(
            "<h1 id=\"ke-1-otk-conflict-storm\">",
            "<h1 id=\"ke-1-otk-conflict-storm-1\">",
            "<code>code &lt;b&gt;</code>",
            "<strong>bold</strong>",
            "<a href=\"https://x.org/?a=1&amp;b=2\">a link</a>",
            "<li>one continued</li>",
            "<ol>",
            "&lt;script&gt;x&lt;/script&gt;",
            "<th>a</th>",
            "<td>2</td>")
        .doesNotContain("<script>", "javascript:");
  }
}
