package dev.e2ee.exporter.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /runbook}: docs/runbook.md as packaged into the jar, rendered once. An anchor per
 * heading, the same as the alert rules' {@code runbook_url} anchors.
 */
public final class RunbookPage {
  static final String RESOURCE = "/runbook/runbook.md";

  private static volatile @Nullable String rendered;

  private RunbookPage() {}

  public static String html() {
    String page = rendered;
    if (page == null) {
      page = render(markdown());
      rendered = page;
    }
    return page;
  }

  static String render(String markdown) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>Runbook: synapse-e2ee-exporter</title><style>"
        + PageStyle.CSS
        + "h1 a.anchor,h2 a.anchor,h3 a.anchor{color:var(--muted);text-decoration:none;"
        + "font-weight:normal}</style></head><body>\n<nav><a href=\"./\">&larr; Console</a></nav>\n"
        + Markdown.toHtml(markdown)
        + "</body></html>\n";
  }

  static String markdown() {
    try (InputStream in = RunbookPage.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "# Runbook\n\nThis build of the exporter does not carry docs/runbook.md.\n";
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
