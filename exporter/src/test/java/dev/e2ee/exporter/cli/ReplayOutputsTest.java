package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.ConfigLoader;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.replay.DatabaseConfirmation;
import dev.e2ee.exporter.replay.IncidentReport;
import dev.e2ee.exporter.replay.IncidentReports;
import dev.e2ee.exporter.replay.JsonReport;
import dev.e2ee.exporter.replay.MarkdownReport;
import dev.e2ee.exporter.replay.Progress;
import dev.e2ee.exporter.replay.Replay;
import dev.e2ee.exporter.replay.ReplayOptions;
import dev.e2ee.exporter.replay.ReplayRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where replay's outputs go, for a replay of Synapse 1.160.0's log: each file asked for holds what
 * its writer makes, the Markdown goes to stdout only when no file is asked for, and the backfill
 * file only when the run made a backfill.
 */
class ReplayOutputsTest {
  static ReplayRun withBackfill;
  static ReplayRun withoutBackfill;
  static IncidentReport report;
  static String markdown;
  static String json;
  static String backfill;

  @TempDir Path dir;

  static ReplayRun replay(ExporterConfig config, boolean backfill) throws Exception {
    return new Replay(
            config,
            new ReplayOptions(null, null, Duration.ofSeconds(15), backfill, Map.of("job", "t")),
            Progress.NONE)
        .run(List.of(ReplayCommandTest.realLog()));
  }

  @BeforeAll
  static void replayTheRealLog() throws Exception {
    ExporterConfig config =
        ConfigLoader.parse(
            "synapse: {server_name: example.org, log_timezone: UTC}\ndatabase: {enabled: false}\n",
            "test");
    withBackfill = replay(config, true);
    withoutBackfill = replay(config, false);
    DatabaseConfirmation.Result notAsked = DatabaseConfirmation.notAsked();
    report =
        IncidentReports.build(
            withBackfill, config.diagnosis(), notAsked.confirmations(), notAsked.note());
    StringWriter md = new StringWriter();
    MarkdownReport.write(report, md);
    markdown = md.toString();
    StringWriter js = new StringWriter();
    JsonReport.write(report, js);
    json = js.toString();
    StringWriter om = new StringWriter();
    Objects.requireNonNull(withBackfill.backfill()).write(om);
    backfill = om.toString();
  }

  /** Runs the writer with stdout captured; returns what went to stdout. */
  String write(ReplayRun run, @Nullable Path md, @Nullable Path js, @Nullable Path om)
      throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      ReplayOutputs.write(report, run, md, js, om);
    } finally {
      System.setOut(stdout);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "report {0}, json {1}, openmetrics {2}")
  @CsvSource({
    // asked for: report, json, openmetrics
    "false, false, false",
    "true, false, false",
    "false, true, false",
    "false, false, true",
    "true, true, true",
  })
  void eachFileAskedForHoldsItsWritersOutputAndStdoutOnlyWhenNoneIs(
      boolean md, boolean js, boolean om) throws Exception {
    Path reportFile = dir.resolve("report.md");
    Path jsonFile = dir.resolve("report.json");
    Path backfillFile = dir.resolve("backfill.om");
    String stdout =
        write(withBackfill, md ? reportFile : null, js ? jsonFile : null, om ? backfillFile : null);

    assertThat(stdout).isEqualTo(md || js || om ? "" : markdown);
    assertThat(markdown).startsWith("# Replay report");
    assertThat(reportFile.toFile().exists()).isEqualTo(md);
    assertThat(jsonFile.toFile().exists()).isEqualTo(js);
    assertThat(backfillFile.toFile().exists()).isEqualTo(om);
    if (md) {
      assertThat(Files.readString(reportFile)).isEqualTo(markdown);
    }
    if (js) {
      assertThat(Files.readString(jsonFile)).isEqualTo(json).startsWith("{");
    }
    if (om) {
      assertThat(Files.readString(backfillFile)).isEqualTo(backfill).endsWith("# EOF\n");
    }
  }

  @ParameterizedTest(name = "report {0}")
  @CsvSource({"false", "true"})
  void aRunWithoutABackfillWritesNoBackfillFile(boolean md) throws Exception {
    Path backfillFile = dir.resolve("backfill.om");
    String stdout =
        write(withoutBackfill, md ? dir.resolve("report.md") : null, null, backfillFile);
    assertThat(backfillFile).doesNotExist();
    assertThat(stdout).isEmpty();
  }
}
