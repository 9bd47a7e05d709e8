package dev.e2ee.exporter.http;

import dev.e2ee.exporter.console.ConsoleSnapshot;
import dev.e2ee.exporter.console.DeviceRow;
import dev.e2ee.exporter.console.Q4Now;
import dev.e2ee.exporter.console.SourceView;
import dev.e2ee.exporter.page.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET /api/v1/console}: the landing page's console for machines - devices with their hour of
 * history (null for an unobserved minute), trend, since, links and capture line; the live Q4; and
 * what cannot be answered.
 */
final class ConsoleJson {
  private ConsoleJson() {}

  static JsonObject render(ConsoleSnapshot s) {
    JsonArray devices = new JsonArray();
    for (DeviceRow d : s.devices()) {
      JsonObject row =
          VerdictJson.of(d.userId(), d.deviceId(), d.verdict(), d.evidence())
              .put("since", Times.machine(d.sinceMillis()))
              .put("since_is_problem_start", d.sinceIsStart())
              .put("runbook_url", d.runbookUrl())
              .put("grafana_url", d.grafanaUrl().orElse(null))
              .put("capture_command", d.captureCommand());
      d.series()
          .ifPresent(
              series -> {
                JsonArray points = new JsonArray();
                for (double p : series.points()) {
                  points.add(Double.isNaN(p) ? null : (long) p);
                }
                row.put(
                    "history",
                    new JsonObject()
                        .put("name", series.name())
                        .put("minutes", points)
                        .put("trend", series.trend().name().toLowerCase(java.util.Locale.ROOT)));
              });
      devices.add(row);
    }
    JsonArray sources = new JsonArray();
    for (SourceView v : s.sources()) {
      sources.add(
          new JsonObject()
              .put("name", v.name())
              .put("state", v.state())
              .put("cannot_answer", v.cannotAnswer().orElse(null)));
    }
    return new JsonObject()
        .put("time", Times.machine(s.nowMillis()))
        .put("devices", devices)
        .put("cannot_answer", new JsonArray(s.cannotAnswer()))
        .put("sources", sources)
        .put("q4", q4(s));
  }

  static JsonObject q4(ConsoleSnapshot s) {
    Q4Now q = s.q4();
    JsonObject json =
        new JsonObject()
            .put("verdict", q.verdict())
            .put("explanation", q.explanation())
            .put("window_minutes", q.windowMinutes())
            .put("delayed_requests", q.delayedRequests())
            .put("abandoned", q.abandoned())
            .put("slow", q.slow())
            .put("trouble_minutes", q.troubleMinutes())
            .put("loaded_trouble_minutes", q.loadedTroubleMinutes())
            .put("runbook_url", s.q4RunbookUrl());
    if (q.answered()) {
      json.put("newest_log_minute", Times.machine(q.newestMinuteMillis()))
          .put("homeserver_requests_newest_minute", q.requestsNewestMinute())
          .put(
              "homeserver_p99_seconds_newest_minute",
              Double.isNaN(q.p99NewestMinuteSeconds()) ? null : q.p99NewestMinuteSeconds())
          .put("homeserver_p99_above_threshold", q.loadedNewestMinute());
    }
    json.put(
        "health_probe",
        s.probe()
            .map(
                p ->
                    new JsonObject()
                        .put("target", p.target())
                        .put(
                            "latency_seconds",
                            Double.isNaN(p.latencySeconds()) ? null : p.latencySeconds())
                        .put("failures_recently", p.failuresRecently())
                        .put("time", Times.machine(p.atMillis())))
            .orElse(null));
    return json;
  }
}
