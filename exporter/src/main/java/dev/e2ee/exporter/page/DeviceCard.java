package dev.e2ee.exporter.page;

import dev.e2ee.exporter.console.DeviceRow;
import dev.e2ee.exporter.diagnosis.Verdict;

/** One device's card: verdict, sparkline and trend, since when, evidence, links, capture line. */
final class DeviceCard {
  private DeviceCard() {}

  static void append(StringBuilder html, DeviceRow d, long now) {
    html.append("<article class=\"device\" data-user=\"")
        .append(Html.escape(d.userId()))
        .append("\" data-device=\"")
        .append(Html.escape(d.deviceId()))
        .append("\" data-verdict=\"")
        .append(d.verdict().label())
        .append("\">\n<h3><span class=\"verdict\">")
        .append(d.verdict().label())
        .append("</span> &middot; ")
        .append(d.verdict().question().label().toUpperCase(java.util.Locale.ROOT))
        .append(" &middot; device <code>")
        .append(Html.escape(d.deviceId()))
        .append("</code> of <code>")
        .append(Html.escape(d.userId()))
        .append("</code></h3>\n<p>")
        .append(Html.escape(d.verdict().meaning()))
        .append("</p>\n");
    d.series()
        .ifPresentOrElse(
            series ->
                html.append("<div class=\"history\">")
                    .append(Sparkline.svg(series))
                    .append("<span class=\"muted\">")
                    .append(Html.escape(series.name()))
                    .append(", last hour: </span><span class=\"trend\">")
                    .append(series.trend().words())
                    .append("</span></div>\n"),
            () ->
                html.append(
                    "<p class=\"muted history\">No history for this device here yet (trend: unknown).</p>\n"));
    html.append("<dl><dt>Since</dt><dd class=\"since\">")
        .append(Times.element(d.sinceMillis(), now))
        .append(
            !d.sinceIsStart()
                ? " (first seen by this exporter; the problem may be older)"
                : d.verdict().question() == Verdict.Question.Q1
                    ? " (problem started: the storm's first rejected upload in the log)"
                    : " (problem started: the last acknowledgement seen)")
        .append("</dd><dt>Evidence</dt><dd>")
        .append(Html.escape(d.evidence()))
        .append("</dd>");
    if (!d.verdict().captureNext().isEmpty()) {
      html.append("<dt>Next</dt><dd>")
          .append(Html.escape(d.verdict().captureNext()))
          .append("</dd>");
    }
    html.append("</dl>\n<p class=\"links\">");
    d.grafanaUrl()
        .ifPresent(
            url ->
                html.append("<a class=\"grafana\" href=\"")
                    .append(Html.escape(url))
                    .append("\">Grafana drill-down</a> &middot; "));
    html.append("<a class=\"runbook\" href=\"")
        .append(Html.escape(d.runbookUrl()))
        .append("\">Runbook section</a></p>\n<p class=\"muted\">Capture the server side now:</p>")
        .append("<pre class=\"capture\"><code>")
        .append(Html.escape(d.captureCommand()))
        .append("</code></pre>\n</article>\n");
  }
}
