package dev.e2ee.exporter.http;

import dev.e2ee.exporter.console.CapturedBundle;
import dev.e2ee.exporter.console.ConsoleSnapshot;
import dev.e2ee.exporter.evidence.MissingAlgorithm;
import dev.e2ee.exporter.page.ConsolePage;
import dev.e2ee.exporter.page.Html;
import dev.e2ee.exporter.page.Times;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code GET /}: the console (page/ConsolePage) with this listener's header, the KE-3 findings and
 * the bundles the alert capture wrote.
 */
final class LandingPage {
  private LandingPage() {}

  static String render(StatusModel model) {
    ConsoleSnapshot s = model.console().get();
    String head =
        "<p class=\"meta\">Version "
            + Html.escape(model.build().version())
            + " (revision "
            + Html.escape(model.build().revision())
            + "), running since "
            + Times.element(model.startedAt().toEpochMilli(), s.nowMillis())
            + ".</p>\n<nav><a href=\"runbook\">Runbook</a><a href=\"metrics\">Metrics</a>"
            + "<a href=\"api/v1/console\">Console (JSON)</a><a href=\"api/v1/devices\">Verdicts (JSON)</a>"
            + "<a href=\"api/v1/findings\">Findings (JSON)</a><a href=\"api/v1/status\">Status (JSON)</a></nav>\n";
    StringBuilder tail = new StringBuilder(1024);
    ke3(tail, model.findings().get().encryptedEventsWithoutAlgorithm(), s.nowMillis());
    bundles(tail, model.bundles().get(), s.nowMillis());
    return ConsolePage.render(s, head, tail.toString(), model.refreshSeconds());
  }

  private static void ke3(StringBuilder html, List<MissingAlgorithm> events, long now) {
    html.append("<h2>KE-3: encrypted events stored without algorithm</h2>\n");
    if (events.isEmpty()) {
      html.append("<p>None found.</p>\n");
      return;
    }
    html.append(
            "<p>Q3: stored without <code>content.algorithm</code> on the server (verdict <b>server_data</b>):")
        .append(
            " a data problem, not the client's decoder.</p>\n<div class=\"scroll\"><table id=\"ke3\">")
        .append("<tr><th>Event</th><th>Room</th><th>Sender</th><th>Sent</th></tr>\n");
    for (MissingAlgorithm e : events) {
      html.append("<tr><td>")
          .append(Html.escape(e.eventId()))
          .append("</td><td>")
          .append(Html.escape(e.roomId()))
          .append("</td><td>")
          .append(Html.escape(e.sender()))
          .append("</td><td>")
          .append(e.originServerTs() == null ? "" : Times.element(e.originServerTs(), now))
          .append("</td></tr>\n");
    }
    html.append("</table></div>\n");
  }

  private static void bundles(StringBuilder html, List<CapturedBundle> bundles, long now) {
    if (bundles.isEmpty()) {
      return;
    }
    html.append("<h2>Captured when alerts fired</h2>\n<div class=\"scroll\"><table id=\"bundles\">")
        .append("<tr><th>Taken</th><th>Alert</th><th>Device</th><th>Size</th><th></th></tr>\n");
    for (CapturedBundle b : bundles) {
      html.append("<tr><td>")
          .append(Times.element(b.createdMillis(), now))
          .append("</td><td>")
          .append(Html.escape(b.alertName()))
          .append("</td><td><code>")
          .append(Html.escape(b.deviceId()))
          .append("</code> of <code>")
          .append(Html.escape(b.userId()))
          .append("</code></td><td>")
          .append(b.bytes() / 1024 + 1)
          .append(" KiB</td><td><a class=\"download\" href=\"captures/")
          .append(URLEncoder.encode(b.name(), StandardCharsets.UTF_8))
          .append(".zip\">download</a></td></tr>\n");
    }
    html.append("</table></div>\n");
  }
}
