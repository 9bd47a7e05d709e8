package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The report for people: the answers first, then the tables; nothing but "unknown" from a log of no
 * record; at most {@link MarkdownReport#MINUTES_SHOWN} Q4 minutes, the rest left to the JSON.
 */
class MarkdownReportTest {
  private static final IncidentReport.Ke4 ONE_RESTART =
      new IncidentReport.Ke4(Map.of("restart", Map.of("200", 1L)), 0, 0.1, 0.1);

  @TempDir Path dir;

  private static String markdown(IncidentReport report) throws Exception {
    StringWriter out = new StringWriter();
    MarkdownReport.write(report, out);
    return out.toString();
  }

  private static String withDevice(IncidentReport.Ke1Device device) throws Exception {
    return markdown(
        Replays.report(
            1,
            new IncidentReport.Ke1(List.of(device), 0),
            ONE_RESTART,
            Q4.answer(List.of()),
            List.of()));
  }

  @Test
  void theIncidentLogsAnswersComeFirst() throws Exception {
    String md = markdown(Replays.report(Replays.incident(dir)));

    assertThat(md)
        .startsWith(
            "# Replay report\n\n## Answers\n\n- KE-1: device `STORMDEV` of `@alice:example.org`")
        .contains(
            "150 uploads rejected from 2026-11-25T21:01:00Z to 2026-11-25T21:05:58Z (peak"
                + " 30/min at 2026-11-25T21:01:00Z)")
        .contains("- KE-4 / Q4: **mixed**")
        .contains("| io.element.call.encryption_keys | 429 | 2 |")
        .contains("## Database\n\nNot asked");
    assertThat(md.indexOf("## Answers")).isLessThan(md.indexOf("## Inputs"));
    assertThat(md.indexOf("## Inputs")).isLessThan(md.indexOf("## KE-1"));
    // The two minutes with abandoned restarts, 21:02 (fast homeserver) and 21:07 (loaded).
    assertThat(md).contains("| 2026-11-25T21:02:00Z | 6 | 2 | 0 |").contains("| client |");
    assertThat(md).contains("| 2026-11-25T21:07:00Z | 6 | 3 | 0 |").contains("| load |");
    assertThat(md).doesNotContain("2026-11-25T21:08:00Z | 4");
  }

  @Test
  void aReportOfNoRecordSaysUnknownAndShowsNoAnswerTable() throws Exception {
    String md =
        markdown(
            Replays.report(
                0,
                new IncidentReport.Ke1(List.of(), 0),
                new IncidentReport.Ke4(Map.of(), 0, Double.NaN, Double.NaN),
                Q4.answer(List.of()),
                List.of("a.log: cannot be read: gone", "b.log: read failed")));

    assertThat(md)
        .contains("- **Incomplete input**: a.log: cannot be read: gone; b.log: read failed\n")
        .contains("- **Unknown**: " + IncidentReport.CANNOT_ANSWER)
        .contains("Records from - to -")
        .doesNotContain("## KE-1")
        .doesNotContain("- KE-1:")
        .doesNotContain("## KE-4");
  }

  @ParameterizedTest(name = "{0} {1}, verdict {2} (log: {3})")
  @CsvSource(
      value = {
        "Element Desktop, 1.12.8, divergence, divergence, ' (Element Desktop 1.12.8): ', ''",
        "Element, '', divergence, divergence, ' (Element): ', ''",
        "other, '', divergence, divergence, '`: 12 uploads', ''",
        "Element, '', resolved, divergence, ' (Element): ', ' (From the log alone: divergence.)'"
      })
  void aDeviceLineNamesItsClientAndTheLogsVerdictWhenTheDatabaseChangedIt(
      String client, String version, String verdict, String fromLog, String named, String logSaid)
      throws Exception {
    String answer =
        withDevice(Replays.device(client, version, verdict, fromLog))
            .lines()
            .filter(l -> l.startsWith("- KE-1") || l.startsWith("  Verdict"))
            .reduce("", (a, b) -> a + b + "\n");

    assertThat(answer).contains(named).contains("Verdict **" + verdict + "**: the evidence.");
    if (logSaid.isEmpty()) {
      assertThat(answer).doesNotContain("From the log alone");
    } else {
      assertThat(answer).contains(logSaid);
    }
  }

  @ParameterizedTest(name = "{0} trouble minutes: {1} rows, more in the JSON {2}")
  @CsvSource({"0, 0, false", "1, 1, false", "60, 60, false", "61, 60, true", "90, 60, true"})
  void atMostAnHourOfTroubleMinutesIsShown(int trouble, int shown, boolean more) throws Exception {
    List<IncidentRecorder.Minute> minutes = new ArrayList<>();
    for (int i = 0; i < trouble + 5; i++) {
      IncidentRecorder.Minute m = new IncidentRecorder.Minute(29_000_000L + i);
      m.delayedRequests = 1;
      m.delayedDisconnects = i < trouble ? 1 : 0;
      minutes.add(m);
    }
    String md =
        markdown(
            Replays.report(
                1,
                new IncidentReport.Ke1(List.of(), 0),
                ONE_RESTART,
                Q4.answer(minutes),
                List.of()));

    assertThat(md.lines().filter(l -> l.matches("\\| \\d{4}-.*\\| client \\|"))).hasSize(shown);
    assertThat(md.contains("| ... | more in the JSON report |")).isEqualTo(more);
    assertThat(md.contains("(no minute with abandoned or slow requests)")).isEqualTo(trouble == 0);
  }

  @Test
  void aFilesProblemsAreListedInItsRow() throws Exception {
    IncidentReport plain =
        Replays.report(
            1, new IncidentReport.Ke1(List.of(), 0), ONE_RESTART, Q4.answer(List.of()), List.of());
    IncidentReport.FileRow row = plain.inputs().files().get(0);
    IncidentReport.FileRow troubled =
        new IncidentReport.FileRow(
            row.name(), row.process(), row.layout(), 10, 1, null, null, 2, 1, "read failed");
    IncidentReport report =
        new IncidentReport(
            new IncidentReport.Inputs(List.of(troubled), null, null, null, null, false),
            plain.lines(),
            plain.records(),
            Map.of("outside_range", 0L, "unrecognised_layout", 3L),
            plain.requests(),
            plain.ke1(),
            plain.ke2(),
            plain.ke4(),
            plain.q4(),
            plain.database(),
            plain.errors());

    assertThat(markdown(report))
        .contains(
            "| `homeserver.log` | homeserver | text | 10 | 1 | - | - | read failed; 2 lines cut at"
                + " the length cap; 1 lines not UTF-8 |")
        .contains("Lines skipped: unrecognised_layout 3.")
        .contains("KE-1: no key upload was rejected");
    assertThat(markdown(plain))
        .contains("| 2026-11-25T21:00:00Z | 2026-11-25T21:00:00Z |  |")
        .contains("Lines skipped: none.");
  }
}
