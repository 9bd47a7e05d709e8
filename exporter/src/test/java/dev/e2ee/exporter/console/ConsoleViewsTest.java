package dev.e2ee.exporter.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.UiConfig;
import dev.e2ee.exporter.diagnosis.Verdict;
import dev.e2ee.exporter.source.SourceStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sources as the console shows them, its links, and the capture command line. */
class ConsoleViewsTest {
  static final Instant STARTED = Instant.parse("2026-12-06T05:00:00Z");

  @Test
  void aSourceThatNeverSucceededIsNotUpAndSaysWhatCannotBeAnswered() {
    SourceView waiting =
        SourceView.of(
            new SourceStatus("log", SourceStatus.State.UP, "/x.log", "1 file(s)", Optional.empty()),
            STARTED);
    assertThat(waiting.state()).isEqualTo("waiting");
    assertThat(waiting.cannotAnswer())
        .hasValueSatisfying(
            s ->
                assertThat(s)
                    .contains("no log", "KE-1", "Q4", "since the exporter started at " + STARTED));
    SourceView down =
        SourceView.of(
            new SourceStatus(
                "database",
                SourceStatus.State.DOWN,
                "x",
                "refused",
                Optional.of(Instant.parse("2026-12-06T05:30:00Z"))),
            STARTED);
    assertThat(down.cannotAnswer())
        .hasValueSatisfying(
            s ->
                assertThat(s)
                    .contains(
                        "no database: KE-2",
                        "Q1",
                        "since its last success at 2026-12-06T05:30:00Z"));
    SourceView up =
        SourceView.of(
            new SourceStatus("log", SourceStatus.State.UP, "x", "", Optional.of(STARTED)), STARTED);
    assertThat(up.state()).isEqualTo("up");
    assertThat(up.cannotAnswer()).isEmpty();
  }

  @Test
  void grafanaLinksOnlyWhenConfiguredWithTheDeviceAndARangeAroundSince() {
    long since = Instant.parse("2026-12-06T05:00:00Z").toEpochMilli();
    long now = since + 3_600_000;
    assertThat(new Links(UiConfig.DEFAULTS, "hs.org").grafana("@a:hs.org", "D", since, now))
        .isEmpty();
    UiConfig ui =
        new UiConfig(
            Optional.of("https://g.example.org"),
            "uid-1",
            Optional.of("https://wiki.example.org/rb"),
            Duration.ofSeconds(30));
    Links links = new Links(ui, "hs.org");
    assertThat(links.grafana("@a:hs.org", "D E", since, now))
        .hasValue(
            "https://g.example.org/d/uid-1/?var-homeserver=hs.org&var-user=%40a%3Ahs.org"
                + "&var-device=D+E&from="
                + (since - 1_800_000)
                + "&to="
                + now);
    assertThat(links.runbook(Verdict.BACKLOG))
        .isEqualTo("https://wiki.example.org/rb#ke-2-to-device-backlog");
    assertThat(new Links(UiConfig.DEFAULTS, "hs.org").runbook(Verdict.DIVERGENCE))
        .isEqualTo("runbook#ke-1-otk-conflict-storm");
  }

  @Test
  void theCaptureCommandIsQuotedForAShell() {
    CaptureCommandLine line =
        new CaptureCommandLine(
            Optional.of(Path.of("/opt/x/exporter.jar")),
            Optional.of(Path.of("/etc/my config.yml")),
            Optional.empty());
    assertThat(
            line.forDevice(
                "@o'brien:hs.org",
                "DEV;rm",
                Instant.parse("2026-12-06T05:00:00.5Z").toEpochMilli()))
        .isEqualTo(
            "java -jar /opt/x/exporter.jar capture --config '/etc/my config.yml' --user"
                + " '@o'\\''brien:hs.org' --device 'DEV;rm' --since 2026-12-06T04:30:00Z --out .");
  }
}
