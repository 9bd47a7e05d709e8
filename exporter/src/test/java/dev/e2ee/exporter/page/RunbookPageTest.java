package dev.e2ee.exporter.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.ExternalTool;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /runbook}: the runbook the jar carries is docs/runbook.md as the repository has it,
 * rendered once inside the console's frame with a way back to the console.
 */
class RunbookPageTest {

  @Test
  void theServedRunbookIsTheRepositorysDocsRunbook() throws Exception {
    String docs = Files.readString(ExternalTool.repository().resolve("docs/runbook.md"));
    assertThat(RunbookPage.markdown()).isEqualTo(docs);
    assertThat(RunbookPage.html())
        .isEqualTo(RunbookPage.render(docs))
        .contains("<h2 id=\"ke-4-delayed-event-timeouts\">")
        .doesNotContain("does not carry docs/runbook.md");
    assertThat(RunbookPage.html()).as("rendered once").isSameAs(RunbookPage.html());
  }

  @Test
  void theFrameHoldsTheRenderedMarkdownAfterTheWayBack() {
    String html = RunbookPage.render("# Title\n\nA <b> paragraph.\n");
    assertThat(html)
        .startsWith("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .contains("<title>Runbook: synapse-e2ee-exporter</title>")
        .contains(PageStyle.CSS)
        .endsWith(Markdown.toHtml("# Title\n\nA <b> paragraph.\n") + "</body></html>\n")
        .doesNotContainIgnoringCase("<script");
    assertThat(html.indexOf("<nav><a href=\"./\">&larr; Console</a></nav>"))
        .isPositive()
        .isLessThan(html.indexOf("<h1 id=\"title\">"));
    assertThat(html).contains("A &lt;b&gt; paragraph.");
  }
}
