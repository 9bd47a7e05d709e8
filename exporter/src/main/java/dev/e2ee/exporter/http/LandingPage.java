package dev.e2ee.exporter.http;

import dev.e2ee.exporter.runtime.SourceStatus;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code GET /}: a page an operator can read without any tooling. Plain HTML, no scripts,
 * everything escaped - source details can contain file paths and error messages.
 */
final class LandingPage {
  private LandingPage() {}

  static String render(StatusModel model, Instant now) {
    StringBuilder html = new StringBuilder(2048);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>synapse-e2ee-exporter</title>")
        .append("<style>body{font-family:sans-serif;margin:2em;max-width:60em}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}")
        .append(".up{color:#17653a}.down{color:#b00020}.starting,.disabled{color:#666}</style>")
        .append("</head><body>\n<h1>synapse-e2ee-exporter</h1>\n<p>Version ")
        .append(escape(model.build().version())).append(" (revision ")
        .append(escape(model.build().revision())).append("), running since ")
        .append(escape(model.startedAt().toString())).append(".</p>\n")
        .append("<p><a href=\"metrics\">Metrics</a> &middot; <a href=\"api/v1/status\">Status (JSON)</a>")
        .append(" &middot; <a href=\"-/healthy\">Healthy</a> &middot; <a href=\"-/ready\">Ready</a></p>\n")
        .append("<h2>Sources</h2>\n<table><tr><th>Source</th><th>State</th><th>Reads</th><th>Detail</th><th>Last success</th></tr>\n");
    for (SourceStatus s : model.sources().get()) {
      String state = s.state().name().toLowerCase(Locale.ROOT);
      html.append("<tr><td>").append(escape(s.name()))
          .append("</td><td class=\"").append(state).append("\">").append(state)
          .append("</td><td>").append(escape(s.target()))
          .append("</td><td>").append(escape(s.detail()))
          .append("</td><td>").append(s.lastSuccess().map(t -> escape(t.toString())).orElse("never"))
          .append("</td></tr>\n");
    }
    html.append("</table>\n<p>Page rendered at ").append(escape(now.toString())).append(".</p>\n")
        .append("</body></html>\n");
    return html.toString();
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
