package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.console.CapturedBundle;
import dev.e2ee.exporter.console.ConsoleSnapshot;
import dev.e2ee.exporter.console.Q4Now;
import dev.e2ee.exporter.diagnosis.Findings;
import dev.e2ee.exporter.evidence.MissingAlgorithm;
import dev.e2ee.exporter.metrics.BuildInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The landing page around the console: the build, links to every API, the KE-3 events and the
 * captured bundles, with everything that came from the database or an alert escaped.
 */
class LandingPageTest {
  private static final long NOW = Instant.parse("2026-12-06T06:00:00Z").toEpochMilli();
  private static final Instant STARTED = Instant.parse("2026-12-06T04:00:00Z");

  private static String render(
      BuildInfo build, List<MissingAlgorithm> events, List<CapturedBundle> bundles) {
    ConsoleSnapshot console =
        new ConsoleSnapshot(
            NOW, List.of(), List.of(), Q4Now.NOTHING_READ, Optional.empty(), "runbook#q4", 0);
    return LandingPage.render(
        new StatusModel(
            build,
            STARTED,
            List::of,
            () -> console,
            () -> new Findings(List.of(), events, List.of()),
            () -> bundles,
            30));
  }

  @Test
  void theBuildAndALinkToEachApi() {
    String page = render(new BuildInfo("1.4.0", "<b>rev"), List.of(), List.of());
    assertThat(page)
        .contains("Version 1.4.0 (revision &lt;b&gt;rev), running since <time")
        .contains(">2 h ago</time>")
        .contains(
            "href=\"runbook\"",
            "href=\"metrics\"",
            "href=\"api/v1/console\"",
            "href=\"api/v1/devices\"",
            "href=\"api/v1/findings\"",
            "href=\"api/v1/status\"")
        .contains("<h2>KE-3: encrypted events stored without algorithm</h2>\n<p>None found.</p>")
        .doesNotContain("id=\"ke3\"", "id=\"bundles\"", "Captured when alerts fired");
  }

  @Test
  void ke3EventsAreListedEscapedWithTheirTimeWhenKnown() {
    String page =
        render(
            new BuildInfo("1", "r"),
            List.of(
                new MissingAlgorithm("$e1<x>", "!room:hs", "@mallory\":hs", NOW - 60_000, 1),
                new MissingAlgorithm("$e2", "!room:hs", "@carol:hs", null, 2)),
            List.of());
    assertThat(page)
        .contains("<table id=\"ke3\">")
        .contains("<tr><td>$e1&lt;x&gt;</td><td>!room:hs</td><td>@mallory&quot;:hs</td><td><time")
        .contains("<tr><td>$e2</td><td>!room:hs</td><td>@carol:hs</td><td></td></tr>")
        .doesNotContain("None found.");
  }

  /** Bytes on disk and what the page says: whole KiB, rounded up past each full one. */
  @ParameterizedTest(name = "{0} bytes -> {1} KiB")
  @CsvSource({"0, 1", "1023, 1", "1024, 2", "153600, 151"})
  void bundlesWithTheirSizeAndAnEncodedDownloadLink(long bytes, long kib) {
    String page =
        render(
            new BuildInfo("1", "r"),
            List.of(),
            List.of(
                new CapturedBundle(
                    "2026-12-06T05-59 storm&co",
                    NOW - 60_000,
                    "E2eeOtkConflictStorm",
                    "@alice:example.org",
                    "<STORM>",
                    bytes)));
    assertThat(page)
        .contains("<table id=\"bundles\">")
        .contains("<td>E2eeOtkConflictStorm</td>")
        .contains("<code>&lt;STORM&gt;</code> of <code>@alice:example.org</code>")
        .contains("<td>" + kib + " KiB</td>")
        .contains("href=\"captures/2026-12-06T05-59+storm%26co.zip\"");
  }
}
