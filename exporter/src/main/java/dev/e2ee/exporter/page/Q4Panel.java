package dev.e2ee.exporter.page;

import dev.e2ee.exporter.console.ConsoleSnapshot;
import dev.e2ee.exporter.console.Q4Now;
import java.util.Locale;

/** The KE-4 panel: the homeserver's own latency now, delayed-event trouble, the Q4 verdict. */
final class Q4Panel {
  private Q4Panel() {}

  static void append(StringBuilder html, ConsoleSnapshot s) {
    Q4Now q = s.q4();
    html.append("<h2>KE-4: delayed events and the homeserver (runbook Q4)</h2>\n")
        .append("<section class=\"panel\" id=\"q4\"><dl>");
    html.append("<dt>Homeserver p99, excluding /sync</dt><dd class=\"p99\">");
    if (!q.answered()) {
      html.append("unknown: no access line read yet");
    } else if (q.requestsNewestMinute() == 0) {
      html.append("no request in the newest log minute");
    } else {
      html.append(q.loadedNewestMinute() ? "<span class=\"verdict\">" : "<span>")
          .append(String.format(Locale.ROOT, "about %.3g s", q.p99NewestMinuteSeconds()))
          .append("</span> over ")
          .append(q.requestsNewestMinute())
          .append(" requests in the log minute from ")
          .append(Times.element(q.newestMinuteMillis(), s.nowMillis()))
          .append(q.loadedNewestMinute() ? " (above 2 s)" : " (below 2 s)");
    }
    html.append("</dd><dt>Health probe</dt><dd class=\"probe\">")
        .append(
            s.probe()
                .map(
                    p ->
                        Html.escape(p.target())
                            + ": "
                            + (Double.isNaN(p.latencySeconds())
                                ? "failed"
                                : String.format(Locale.ROOT, "%.3f s", p.latencySeconds()))
                            + ", "
                            + p.failuresRecently()
                            + " failures recently, "
                            + Times.element(p.atMillis(), s.nowMillis()))
                .orElse("not configured (the access lines' p99 above is all Q4 has)"))
        .append("</dd><dt>Delayed events, last ")
        .append(q.windowMinutes())
        .append(" log minutes</dt><dd class=\"delayed\">")
        .append(q.delayedRequests())
        .append(" requests, ")
        .append(q.abandoned())
        .append(" abandoned (status logged with !), ")
        .append(q.slow())
        .append(" restarts or updates slower than 5 s</dd><dt>Verdict</dt><dd><span class=\"")
        .append("none".equals(q.verdict()) ? "up" : "verdict")
        .append(" q4-verdict\">")
        .append(q.verdict())
        .append("</span>: ")
        .append(Html.escape(q.explanation()))
        .append(" &middot; <a class=\"runbook\" href=\"")
        .append(Html.escape(s.q4RunbookUrl()))
        .append("\">Runbook section</a></dd></dl></section>\n");
  }
}
