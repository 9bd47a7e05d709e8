package dev.e2ee.exporter.page;

import dev.e2ee.exporter.console.ConsoleSnapshot;
import dev.e2ee.exporter.console.DeviceRow;
import dev.e2ee.exporter.console.SourceView;
import java.util.List;

/**
 * {@code GET /}: the console an on-call operator acts from. Plain HTML with one inline style sheet,
 * no scripts (it reloads itself with a meta refresh), everything escaped - sources, evidence and
 * ids can carry anything. Each device's card holds only that device's facts.
 */
public final class ConsolePage {
  private ConsolePage() {}

  /**
   * The whole page; {@code head} (version line, links) and {@code tail} (KE-3, bundles) are HTML.
   */
  public static String render(ConsoleSnapshot s, String head, String tail, int refreshSeconds) {
    StringBuilder html = new StringBuilder(8192);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta http-equiv=\"refresh\" content=\"")
        .append(refreshSeconds)
        .append("\"><title>synapse-e2ee-exporter</title><style>")
        .append(PageStyle.CSS)
        .append("</style></head><body>\n<h1>synapse-e2ee-exporter</h1>\n")
        .append(head);
    List<String> blind = s.cannotAnswer();
    if (!blind.isEmpty()) {
      html.append(
          "<div class=\"blind\" id=\"cannot-answer\"><p>What this page cannot tell:</p><ul>");
      blind.forEach(b -> html.append("<li>").append(Html.escape(b)).append("</li>"));
      html.append("</ul></div>\n");
    }
    devices(html, s, blind.isEmpty());
    Q4Panel.append(html, s);
    html.append(tail);
    sources(html, s);
    html.append("<p class=\"meta\">Rendered ")
        .append(Times.exact(s.nowMillis()))
        .append("; reloads every ")
        .append(refreshSeconds)
        .append(" s.</p>\n</body></html>\n");
    return html.toString();
  }

  private static void devices(StringBuilder html, ConsoleSnapshot s, boolean seesEverything) {
    html.append("<h2>Devices that need attention</h2>\n<section id=\"verdicts\">\n");
    if (s.devices().isEmpty()) {
      html.append(
          seesEverything
              ? "<p class=\"up\" id=\"all-clear\">None: no device has a KE-1 or KE-2 verdict right now.</p>\n"
              : "<p class=\"waiting\">No device needs attention in what the exporter can see; see above for"
                  + " what it cannot.</p>\n");
    }
    for (DeviceRow d : s.devices()) {
      DeviceCard.append(html, d, s.nowMillis());
    }
    if (s.devicesNotTracked() > 0) {
      html.append("<p class=\"muted\">")
          .append(s.devicesNotTracked())
          .append(" devices had no history kept (devices.max_devices reached).</p>\n");
    }
    html.append("</section>\n");
  }

  private static void sources(StringBuilder html, ConsoleSnapshot s) {
    html.append("<h2>Sources</h2>\n<div class=\"scroll\"><table id=\"sources\"><tr><th>Source</th>")
        .append("<th>State</th><th>Reads</th><th>Detail</th><th>Last success</th></tr>\n");
    for (SourceView v : s.sources()) {
      html.append("<tr><td>")
          .append(Html.escape(v.name()))
          .append("</td><td class=\"")
          .append(v.state())
          .append("\">")
          .append(v.state())
          .append("</td><td>")
          .append(Html.escape(v.target()))
          .append("</td><td>")
          .append(Html.escape(v.detail()))
          .append("</td><td>")
          .append(
              v.lastSuccess()
                  .map(t -> Times.element(t.toEpochMilli(), s.nowMillis()))
                  .orElse("never"))
          .append("</td></tr>\n");
    }
    html.append("</table></div>\n");
  }
}
