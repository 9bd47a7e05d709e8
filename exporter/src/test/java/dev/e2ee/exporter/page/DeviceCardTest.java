package dev.e2ee.exporter.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.console.DeviceHistory;
import dev.e2ee.exporter.console.DeviceRow;
import dev.e2ee.exporter.diagnosis.Verdict;
import dev.e2ee.exporter.domain.DeviceRef;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One device's card: what "since" means for its verdict, a next step only where the verdict has
 * one, a Grafana link only when configured, and every id and evidence escaped.
 */
class DeviceCardTest {
  private static final long NOW = Instant.parse("2026-12-06T06:00:00Z").toEpochMilli();

  private static String card(
      Verdict verdict,
      boolean sinceIsStart,
      Optional<DeviceHistory.Series> series,
      Optional<String> grafana) {
    StringBuilder html = new StringBuilder();
    DeviceCard.append(
        html,
        new DeviceRow(
            "@eve:example.org",
            "<img src=x>",
            verdict,
            "key \"AAAAAQ\" & 3 more",
            NOW - 5 * 60_000,
            sinceIsStart,
            series,
            grafana,
            "runbook#x",
            "synapse-e2ee-exporter capture --device '<img src=x>'"),
        NOW);
    return html.toString();
  }

  @ParameterizedTest(name = "{0}, since is the start: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          DIVERGENCE   | true  | (problem started: the storm's first rejected upload in the log)
          CLIENT_LOOP  | true  | (problem started: the storm's first rejected upload in the log)
          BACKLOG      | true  | (problem started: the last acknowledgement seen)
          STALE_DEVICE | true  | (problem started: the last acknowledgement seen)
          DIVERGENCE   | false | (first seen by this exporter; the problem may be older)
          BACKLOG      | false | (first seen by this exporter; the problem may be older)
          """)
  void sinceSaysWhatItMeasures(Verdict verdict, boolean sinceIsStart, String meaning) {
    assertThat(card(verdict, sinceIsStart, Optional.empty(), Optional.empty()))
        .contains(
            "<dd class=\"since\"><time datetime=\"2026-12-06T05:55:00Z\" title=\"2026-12-06 05:55:00"
                + " UTC\">5 min ago</time> "
                + meaning
                + "</dd>");
  }

  @ParameterizedTest
  @EnumSource(Verdict.class)
  void theVerdictItsQuestionAndANextStepOnlyWhereThereIsOne(Verdict verdict) {
    String html = card(verdict, true, Optional.empty(), Optional.empty());
    assertThat(html)
        .startsWith("<article class=\"device\" data-user=\"@eve:example.org\"")
        .contains("data-verdict=\"" + verdict.label() + "\"")
        .contains(
            "<span class=\"verdict\">"
                + verdict.label()
                + "</span> &middot; "
                + verdict.question().label().toUpperCase(java.util.Locale.ROOT))
        .endsWith("</article>\n");
    assertThat(html.contains("<dt>Next</dt>")).isEqualTo(!verdict.captureNext().isEmpty());
  }

  @Test
  void idsEvidenceAndTheCaptureLineAreEscaped() {
    String html = card(Verdict.BACKLOG, true, Optional.empty(), Optional.empty());
    assertThat(html)
        .doesNotContain("<img")
        .contains("data-device=\"&lt;img src=x&gt;\"")
        .contains("<code>&lt;img src=x&gt;</code> of <code>@eve:example.org</code>")
        .contains("<dd>key &quot;AAAAAQ&quot; &amp; 3 more</dd>")
        .contains(
            "<code>synapse-e2ee-exporter capture --device &#39;&lt;img src=x&gt;&#39;</code>");
  }

  @Test
  void aGrafanaLinkOnlyWhenConfiguredAndTheRunbookAlways() {
    String without = card(Verdict.BACKLOG, true, Optional.empty(), Optional.empty());
    String with =
        card(Verdict.BACKLOG, true, Optional.empty(), Optional.of("https://g/d/x?a=1&b=2"));
    assertThat(without).doesNotContain("class=\"grafana\"");
    assertThat(with).contains("<a class=\"grafana\" href=\"https://g/d/x?a=1&amp;b=2\">");
    assertThat(without).contains("<a class=\"runbook\" href=\"runbook#x\">Runbook section</a>");
  }

  @Test
  void historyWithItsTrendOrSaysThereIsNone() {
    DeviceHistory history = new DeviceHistory(5, 600_000);
    DeviceRef device = new DeviceRef("@eve:example.org", "<img src=x>");
    history.pending(device, 7, NOW);
    String with = card(Verdict.BACKLOG, true, history.pending(device, NOW), Optional.empty());
    assertThat(with)
        .contains("<div class=\"history\"><svg class=\"spark\"")
        .contains(
            "<span class=\"muted\">KE-2 messages waiting, last hour: </span><span class=\"trend\">"
                + "not enough minutes seen yet</span>");
    assertThat(card(Verdict.BACKLOG, true, Optional.empty(), Optional.empty()))
        .contains("No history for this device here yet (trend: unknown).")
        .doesNotContain("<svg");
  }
}
