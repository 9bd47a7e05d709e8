package dev.e2ee.exporter.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.UiConfig;
import dev.e2ee.exporter.diagnosis.Verdict;
import dev.e2ee.exporter.page.RunbookPage;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every verdict links to a runbook section that exists in the runbook the exporter serves, and the
 * Grafana range always covers half an hour before the problem started.
 */
class LinksTest {
  private static final UiConfig GRAFANA =
      new UiConfig(
          Optional.of("https://grafana.example.org"),
          UiConfig.DEVICE_DASHBOARD_UID,
          Optional.empty(),
          Duration.ofSeconds(30));

  @ParameterizedTest(name = "{0} -> #{1}")
  @CsvSource(
      textBlock =
          """
          HEALTHY, ke-1-otk-conflict-storm
          DIVERGENCE, ke-1-otk-conflict-storm
          CLIENT_LOOP, ke-1-otk-conflict-storm
          NO_DEVICE_KEYS, ke-1-otk-conflict-storm
          EXHAUSTION, otk-exhaustion
          NONE_QUEUED, ke-2-to-device-backlog
          OBSERVING, ke-2-to-device-backlog
          DRAINING, ke-2-to-device-backlog
          BACKLOG, ke-2-to-device-backlog
          STALE_DEVICE, ke-2-stale-device
          """)
  void eachVerdictHasItsSection(Verdict verdict, String anchor) {
    assertThat(Links.anchor(verdict)).isEqualTo(anchor);
    assertThat(new Links(UiConfig.DEFAULTS, "hs").runbook(verdict)).isEqualTo("runbook#" + anchor);
  }

  @ParameterizedTest
  @EnumSource(Verdict.class)
  void everyAnchorLandsOnAHeadingOfTheServedRunbook(Verdict verdict) {
    assertThat(RunbookPage.html()).contains("id=\"" + Links.anchor(verdict) + "\"");
  }

  @Test
  void theQ4AnchorLandsToo() {
    assertThat(RunbookPage.html()).contains("id=\"" + Links.Q4_ANCHOR + "\"");
  }

  /** Minutes since the problem started, minutes until now: the range Grafana opens on. */
  @ParameterizedTest(name = "since at {0} min, now at {1} min: from {2} to {3} min")
  @CsvSource(
      textBlock =
          """
          0,   120, -30, 120
          0,   30,  -30, 30
          0,   10,  -30, 30
          0,   0,   -30, 30
          100, 50,  70,  130
          """)
  void theRangeStartsHalfAnHourBeforeAndLastsAtLeastHalfAnHour(
      long sinceMin, long nowMin, long fromMin, long toMin) {
    long t0 = 1_780_000_000_000L;
    String url =
        new Links(GRAFANA, "matrix.example.org")
            .grafana("u", "d", t0 + sinceMin * 60_000, t0 + nowMin * 60_000)
            .orElseThrow();
    assertThat(url)
        .startsWith("https://grafana.example.org/d/" + UiConfig.DEVICE_DASHBOARD_UID + "/?")
        .endsWith("&from=" + (t0 + fromMin * 60_000) + "&to=" + (t0 + toMin * 60_000));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          @alice:matrix.example.org | %40alice%3Amatrix.example.org
          a&var-user=b              | a%26var-user%3Db
          4f1c0a9e                  | 4f1c0a9e
          ключ                      | %D0%BA%D0%BB%D1%8E%D1%87
          """)
  void labelValuesCannotBreakOutOfTheirParameter(String user, String encoded) {
    assertThat(new Links(GRAFANA, "hs").grafana(user, user, 0, 0).orElseThrow())
        .contains("&var-user=" + encoded + "&var-device=" + encoded + "&from=");
  }

  @ParameterizedTest
  @CsvSource({"https://wiki.example.org/e2ee, https://wiki.example.org/e2ee#otk-exhaustion"})
  void aConfiguredRunbookReplacesTheServedOne(String runbookUrl, String expected) {
    UiConfig ui =
        new UiConfig(
            Optional.empty(),
            UiConfig.DEVICE_DASHBOARD_UID,
            Optional.of(runbookUrl),
            Duration.ZERO);
    Links links = new Links(ui, "hs");
    assertThat(links.runbook(Verdict.EXHAUSTION)).isEqualTo(expected);
    assertThat(links.grafana("u", "d", 0, 0)).isEmpty();
  }
}
