package dev.e2ee.exporter.http;

import dev.e2ee.exporter.diagnosis.DeviceDiagnosis;
import dev.e2ee.exporter.evidence.MissingAlgorithm;
import dev.e2ee.exporter.source.SourceStatus;
import java.time.Instant;
import java.util.List;
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
        .append("<style>body{font-family:sans-serif;margin:2em;max-width:110em}")
        .append(
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}")
        .append(".up{color:#17653a}.down{color:#b00020}.starting,.disabled{color:#666}</style>")
        .append("</head><body>\n<h1>synapse-e2ee-exporter</h1>\n<p>Version ")
        .append(escape(model.build().version()))
        .append(" (revision ")
        .append(escape(model.build().revision()))
        .append("), running since ")
        .append(escape(model.startedAt().toString()))
        .append(".</p>\n")
        .append(
            "<p><a href=\"metrics\">Metrics</a> &middot; <a href=\"api/v1/status\">Status (JSON)</a>")
        .append(
            " &middot; <a href=\"-/healthy\">Healthy</a> &middot; <a href=\"-/ready\">Ready</a></p>\n")
        .append(
            "<h2>Sources</h2>\n<table><tr><th>Source</th><th>State</th><th>Reads</th><th>Detail</th><th>Last success</th></tr>\n");
    for (SourceStatus s : model.sources().get()) {
      String state = s.state().name().toLowerCase(Locale.ROOT);
      html.append("<tr><td>")
          .append(escape(s.name()))
          .append("</td><td class=\"")
          .append(state)
          .append("\">")
          .append(state)
          .append("</td><td>")
          .append(escape(s.target()))
          .append("</td><td>")
          .append(escape(s.detail()))
          .append("</td><td>")
          .append(s.lastSuccess().map(t -> escape(t.toString())).orElse("never"))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
    appendVerdicts(html, model);
    html.append("<p>Page rendered at ")
        .append(escape(now.toString()))
        .append(".</p>\n")
        .append("</body></html>\n");
    return html.toString();
  }

  private static void appendVerdicts(StringBuilder html, StatusModel model) {
    List<DeviceDiagnosis> attention = model.attention().get();
    html.append("<h2>Devices that need attention</h2>\n");
    if (attention.isEmpty()) {
      html.append("<p class=\"up\">None: no device has a KE-1 or KE-2 verdict right now.</p>\n");
    } else {
      html.append(
              "<table id=\"verdicts\"><tr><th>User</th><th>Device</th><th>Question</th><th>Verdict</th>")
          .append(
              "<th>Evidence</th><th>Since</th><th>What it means</th><th>Capture next</th></tr>\n");
      for (DeviceDiagnosis d : attention) {
        html.append("<tr><td>")
            .append(escape(d.userId()))
            .append("</td><td>")
            .append(escape(d.deviceId()))
            .append("</td><td>")
            .append(d.verdict().question().label())
            .append("</td><td class=\"down\">")
            .append(d.verdict().label())
            .append("</td><td>")
            .append(escape(d.evidence()))
            .append("</td><td>")
            .append(Instant.ofEpochMilli(d.sinceMillis()))
            .append("</td><td>")
            .append(escape(d.verdict().meaning()))
            .append("</td><td>")
            .append(escape(d.verdict().captureNext()))
            .append("</td></tr>\n");
      }
      html.append("</table>\n");
    }
    List<MissingAlgorithm> events = model.findings().get().encryptedEventsWithoutAlgorithm();
    html.append("<h2>KE-3: encrypted events stored without algorithm</h2>\n");
    if (events.isEmpty()) {
      html.append("<p>None found.</p>\n");
    } else {
      html.append(
              "<p>Q3: stored without <code>content.algorithm</code> on the server (verdict <b>server_data</b>):")
          .append(
              " a data problem, not the client's decoder.</p>\n<table id=\"ke3\"><tr><th>Event</th><th>Room</th>")
          .append("<th>Sender</th><th>Sent</th></tr>\n");
      for (MissingAlgorithm e : events) {
        html.append("<tr><td>")
            .append(escape(e.eventId()))
            .append("</td><td>")
            .append(escape(e.roomId()))
            .append("</td><td>")
            .append(escape(e.sender()))
            .append("</td><td>")
            .append(
                e.originServerTs() == null
                    ? ""
                    : Instant.ofEpochMilli(e.originServerTs()).toString())
            .append("</td></tr>\n");
      }
      html.append("</table>\n");
    }
    html.append(
            "<p><a href=\"api/v1/devices\">Verdicts (JSON)</a> &middot; <a href=\"api/v1/findings\">Findings (JSON)</a>")
        .append(" &middot; runbook: docs/runbook.md in the exporter's repository</p>\n");
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
