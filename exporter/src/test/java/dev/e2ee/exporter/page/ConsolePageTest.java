package dev.e2ee.exporter.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.console.ConsoleSnapshot;
import dev.e2ee.exporter.console.DeviceRow;
import dev.e2ee.exporter.console.Q4Now;
import dev.e2ee.exporter.console.SourceView;
import dev.e2ee.exporter.diagnosis.Verdict;
import dev.e2ee.exporter.source.SourceStatus;
import dev.e2ee.exporter.source.SourceStatus.State;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The console page: "all clear" only when every source can see, otherwise what it cannot tell
 * first; a card per device; the sources with their last success or "never"; no scripts.
 */
class ConsolePageTest {
  private static final Instant NOW = Instant.parse("2026-12-06T06:00:00Z");

  private static SourceView source(String name, State state, Optional<Instant> lastSuccess) {
    return SourceView.of(
        new SourceStatus(name, state, "<" + name + " target>", "detail & more", lastSuccess),
        NOW.minusSeconds(3600));
  }

  private static String page(List<DeviceRow> devices, List<SourceView> sources, long untracked) {
    return ConsolePage.render(
        new ConsoleSnapshot(
            NOW.toEpochMilli(),
            devices,
            sources,
            Q4Now.NOTHING_READ,
            Optional.empty(),
            "runbook#q4",
            untracked),
        "<p>HEAD</p>",
        "<p>TAIL</p>",
        45);
  }

  /** Database and log states, and what the device section says when no device needs attention. */
  @ParameterizedTest(name = "database {0}, log {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "UP | UP | <p class=\"up\" id=\"all-clear\">None: no device has a KE-1 or KE-2 verdict",
        "DISABLED | UP | <p class=\"waiting\">No device needs attention in what the exporter can see",
        "UP | DOWN | <p class=\"waiting\">No device needs attention in what the exporter can see",
        "STARTING | STARTING | <p class=\"waiting\">No device needs attention in what the exporter can see",
      })
  void allClearOnlyWhenNothingIsBlind(State database, State log, String says) {
    String html =
        page(
            List.of(),
            List.of(
                source("database", database, Optional.of(NOW.minusSeconds(20))),
                source("log", log, Optional.of(NOW.minusSeconds(20)))),
            0);
    assertThat(html).contains(says);
    assertThat(html.contains("id=\"cannot-answer\"")).isEqualTo(!says.contains("all-clear"));
  }

  @Test
  void theFrameInOrderWithoutScripts() {
    String html = page(List.of(), List.of(), 0);
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<meta http-equiv=\"refresh\" content=\"45\">")
        .contains("Rendered 2026-12-06 06:00:00 UTC; reloads every 45 s.")
        .doesNotContainIgnoringCase("<script");
    assertThat(html.indexOf("<p>HEAD</p>"))
        .isLessThan(html.indexOf("Devices that need attention"))
        .isLessThan(html.indexOf("<p>TAIL</p>"));
    assertThat(html.indexOf("<p>TAIL</p>")).isLessThan(html.indexOf("<h2>Sources</h2>"));
  }

  @Test
  void sourcesWithTheirLastSuccessOrNeverEscaped() {
    String html =
        page(
            List.of(),
            List.of(
                source("database", State.UP, Optional.of(NOW.minusSeconds(20))),
                source("log", State.DOWN, Optional.empty())),
            0);
    assertThat(html)
        .contains(
            "<tr><td>database</td><td class=\"up\">up</td><td>&lt;database target&gt;</td>"
                + "<td>detail &amp; more</td><td><time")
        .contains(
            "<tr><td>log</td><td class=\"down\">down</td><td>&lt;log target&gt;</td>"
                + "<td>detail &amp; more</td><td>never</td></tr>")
        .contains("<li>no log: KE-1 storms and Q4");
  }

  @ParameterizedTest(name = "{0} devices without history")
  @CsvSource({"0, false", "1, true", "12000, true"})
  void devicesBeyondTheCapAreCounted(long untracked, boolean said) {
    DeviceRow row =
        new DeviceRow(
            "@a:hs",
            "D1",
            Verdict.BACKLOG,
            "",
            NOW.toEpochMilli(),
            true,
            Optional.empty(),
            Optional.empty(),
            "runbook",
            "capture");
    String html = page(List.of(row), List.of(), untracked);
    assertThat(html).contains("<article class=\"device\" data-user=\"@a:hs\" data-device=\"D1\"");
    assertThat(html.contains(untracked + " devices had no history kept")).isEqualTo(said);
    assertThat(html).doesNotContain("all-clear");
  }
}
