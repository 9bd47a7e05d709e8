package dev.e2ee.exporter.replay;

import dev.e2ee.exporter.config.ConfigLoader;
import dev.e2ee.exporter.config.DiagnosisConfig;
import dev.e2ee.exporter.config.ExporterConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Replays in-process for the tests of the classes a replay is made of: the config {@code replay}
 * reads for a log written in UTC, the IncidentLog or the real Synapse log on disk, the run, and
 * reports made from a run or by hand.
 */
final class Replays {
  /** Where the real Synapse log and its truth are kept beside the tests. */
  static final String REAL_SYNAPSE = "/dev/e2ee/exporter/replay/real-synapse/";

  private Replays() {}

  /** The config of a log written in UTC by {@code serverName}, with no database. */
  static ExporterConfig config(String serverName) {
    return ConfigLoader.parse(
        "synapse:\n  server_name: "
            + serverName
            + "\n  log_timezone: UTC\ndatabase:\n  enabled: false\n",
        "test");
  }

  /** Replays {@code lines}, written to one file in {@code dir}, without a backfill. */
  static ReplayRun lines(Path dir, List<String> lines) throws Exception {
    Path log = Files.createTempFile(dir, "homeserver", ".log");
    IncidentLog.write(log, lines);
    return run(config("example.org"), false, log);
  }

  /** Replays the IncidentLog, whose truth is known by construction. */
  static ReplayRun incident(Path dir) throws Exception {
    return lines(dir, new IncidentLog().lines());
  }

  /** Replays the log of a real Synapse run (server compat.test) kept beside the tests. */
  static ReplayRun realSynapse(Path dir) throws Exception {
    Path log = dir.resolve("real-homeserver.log");
    if (!Files.exists(log)) {
      Files.copy(resource("homeserver.log"), log);
    }
    return run(config("compat.test"), false, log);
  }

  /** A file kept beside the real Synapse log (homeserver.log, truth.json). */
  static InputStream resource(String name) {
    return Objects.requireNonNull(
        Replays.class.getResourceAsStream(REAL_SYNAPSE + name), REAL_SYNAPSE + name);
  }

  static ReplayRun run(ExporterConfig config, boolean backfill, Path... files) {
    return new Replay(
            config,
            new ReplayOptions(null, null, Duration.ofMinutes(1), backfill, Map.of("job", "t")),
            Progress.NONE,
            null)
        .run(List.of(files).stream().map(Path::toString).toList());
  }

  /** The report of {@code run} without {@code --confirm}, with the default diagnosis settings. */
  static IncidentReport report(ReplayRun run) {
    DatabaseConfirmation.Result notAsked = DatabaseConfirmation.notAsked();
    return IncidentReports.build(
        run, DiagnosisConfig.DEFAULTS, notAsked.confirmations(), notAsked.note());
  }

  /** A report made by hand: one input file, no traffic besides what is given. */
  static IncidentReport report(
      long records,
      IncidentReport.Ke1 ke1,
      IncidentReport.Ke4 ke4,
      Q4.Answer q4,
      List<String> errors) {
    Instant at = Instant.parse("2026-11-25T21:00:00Z");
    return new IncidentReport(
        new IncidentReport.Inputs(
            List.of(
                new IncidentReport.FileRow(
                    "homeserver.log", "homeserver", "text", 10, records, at, at, 0, 0, null)),
            null,
            null,
            records == 0 ? null : at,
            records == 0 ? null : at,
            false),
        10,
        records,
        Map.of("outside_range", 0L),
        Map.of(),
        ke1,
        new IncidentReport.Ke2(Map.of(), Map.of(), List.of()),
        ke4,
        q4,
        "Not asked.",
        errors);
  }

  /** A device of a hand-made report, with 12 rejected uploads from 21:01 to 21:05. */
  static IncidentReport.Ke1Device device(
      String client, String version, String verdict, String verdictFromLog) {
    return new IncidentReport.Ke1Device(
        "@alice:example.org",
        "STORMDEV",
        client,
        version,
        12,
        3,
        0,
        0,
        Instant.parse("2026-11-25T21:01:00Z"),
        Instant.parse("2026-11-25T21:05:00Z"),
        5,
        Instant.parse("2026-11-25T21:02:00Z"),
        List.of("signed_curve25519:AAAAAAAAAFA"),
        0,
        "yes",
        verdict,
        verdictFromLog,
        "the evidence",
        "",
        "",
        "still rejected when the log ends");
  }
}
