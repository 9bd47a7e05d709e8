package dev.e2ee.exporter.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.console.ConsoleSnapshot;
import dev.e2ee.exporter.console.HealthProbe;
import dev.e2ee.exporter.console.Q4Now;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The KE-4 panel: the homeserver's p99 only when the newest log minute had requests, the probe as
 * measured (failed, or not configured), the delayed-event counts and the verdict with its words.
 */
class Q4PanelTest {
  static final long NOW = Instant.parse("2026-12-06T07:00:00Z").toEpochMilli();
  static final long MINUTE = Instant.parse("2026-12-06T06:56:00Z").toEpochMilli();

  static String panel(Q4Now q, Optional<HealthProbe.Reading> probe) {
    StringBuilder html = new StringBuilder();
    Q4Panel.append(
        html, new ConsoleSnapshot(NOW, List.of(), List.of(), q, probe, "runbook#ke-4-<q4>&", 0));
    return html.toString();
  }

  /** The dd element with the given class, its content only. */
  static String cell(String html, String cls) {
    int from = html.indexOf("<dd class=\"" + cls + "\">");
    assertThat(from).as(cls).isNotNegative();
    from = html.indexOf('>', from) + 1;
    return html.substring(from, html.indexOf("</dd>", from));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          nothing read   | unknown: no access line read yet
          no request     | no request in the newest log minute
          fast           | <span>about 0.0500 s</span> over 120 requests in the log minute from <time datetime="2026-12-06T06:56:00Z" title="2026-12-06 06:56:00 UTC">4 min ago</time> (below 2 s)
          loaded         | <span class="verdict">about 3.12 s</span> over 120 requests in the log minute from <time datetime="2026-12-06T06:56:00Z" title="2026-12-06 06:56:00 UTC">4 min ago</time> (above 2 s)
          """)
  void theP99IsShownOnlyForAMinuteWithRequests(String minute, String shown) {
    Q4Now q =
        switch (minute) {
          case "nothing read" -> Q4Now.NOTHING_READ;
          case "no request" -> new Q4Now(MINUTE, 15, 0, Double.NaN, false, 0, 0, 0, 0, 0);
          case "fast" -> new Q4Now(MINUTE, 15, 120, 0.05, false, 0, 0, 0, 0, 0);
          default -> new Q4Now(MINUTE, 15, 120, 3.123, true, 0, 0, 0, 0, 0);
        };
    assertThat(cell(panel(q, Optional.empty()), "p99")).isEqualTo(shown);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          none   | -1   | not configured (the access lines' p99 above is all Q4 has)
          ok     | 0.25 | https://hs/health?a&amp;b: 0.250 s, 1 failures recently, <time datetime="2026-12-06T06:59:30Z" title="2026-12-06 06:59:30 UTC">30 s ago</time>
          failed | NaN  | https://hs/health?a&amp;b: failed, 1 failures recently, <time datetime="2026-12-06T06:59:30Z" title="2026-12-06 06:59:30 UTC">30 s ago</time>
          """)
  void theProbeIsShownAsMeasured(String probe, double latency, String shown) {
    Optional<HealthProbe.Reading> reading =
        probe.equals("none")
            ? Optional.empty()
            : Optional.of(
                new HealthProbe.Reading("https://hs/health?a&b", latency, 1, NOW - 30_000));
    assertThat(cell(panel(Q4Now.NOTHING_READ, reading), "probe")).isEqualTo(shown);
  }

  @ParameterizedTest(name = "{0} trouble minutes, {1} loaded")
  @CsvSource({
    "0, 0, up, none",
    "2, 2, verdict, homeserver_load",
    "2, 0, verdict, client_retry",
    "2, 1, verdict, mixed",
  })
  void theVerdictWithItsWordsTheCountsAndTheRunbookLink(
      long trouble, long loaded, String cls, String verdict) {
    Q4Now q = new Q4Now(MINUTE, 15, 120, 0.05, false, 18, 4, 1, trouble, loaded);
    String html = panel(q, Optional.empty());
    assertThat(cell(html, "delayed"))
        .isEqualTo(
            "18 requests, 4 abandoned (status logged with !), 1 restarts or updates slower than 5 s");
    assertThat(html)
        .startsWith("<h2>KE-4: delayed events and the homeserver (runbook Q4)</h2>")
        .contains("<dt>Delayed events, last 15 log minutes</dt>")
        .contains("<span class=\"" + cls + " q4-verdict\">" + verdict + "</span>: ")
        .contains(Html.escape(q.explanation()))
        .contains("<a class=\"runbook\" href=\"runbook#ke-4-&lt;q4&gt;&amp;\">Runbook section</a>")
        .endsWith("</dd></dl></section>\n");
  }
}
