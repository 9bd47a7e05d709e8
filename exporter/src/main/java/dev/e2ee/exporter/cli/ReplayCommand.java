package dev.e2ee.exporter.cli;

import dev.e2ee.exporter.config.ConfigException;
import dev.e2ee.exporter.config.ConfigLoader;
import dev.e2ee.exporter.config.Durations;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.LogLevel;
import dev.e2ee.exporter.config.Secrets;
import dev.e2ee.exporter.replay.DatabaseConfirmation;
import dev.e2ee.exporter.replay.IncidentReport;
import dev.e2ee.exporter.replay.IncidentReports;
import dev.e2ee.exporter.replay.Replay;
import dev.e2ee.exporter.replay.ReplayOptions;
import dev.e2ee.exporter.replay.ReplayRun;
import dev.e2ee.exporter.runtime.ExitCodes;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replay}: a past incident from saved logs, through the same log program as {@code serve},
 * on the log's own clock: a report per device, Q4 from the access lines, and a backfill for
 * Prometheus.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Report on a past incident from saved Synapse logs, and backfill it for Prometheus.",
      "Reads current and rotated files (plain or .gz, text or JSON, any order; '-' is "
          + "stdin; several workers' files are merged by time) through the exporter's own log "
          + "program and writes a report: which device's key uploads were rejected, when, with "
          + "which client, what the runbook says; KE-2 to-device traffic; KE-4 delayed events and "
          + "Q4 (homeserver load or client retry). Without --report/--json/--openmetrics the "
          + "Markdown report goes to stdout. Exit 0 report written, 1 an input could not be read "
          + "(the report says which), 2 usage error."
    })
final class ReplayCommand implements Callable<Integer> {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "Reuse labels, bounds, log_timezone and diagnosis settings (and the database"
              + " for --confirm)")
  Path config;

  @Option(
      names = "--server-name",
      paramLabel = "NAME",
      description = "Without --config: the homeserver's name (default: example.org)")
  String serverName;

  @Option(
      names = "--log-timezone",
      paramLabel = "ZONE",
      description = "Zone of the text log's timestamps (default: the config's, else UTC)")
  String logTimezone;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description =
          "Replay records from this time: 2026-11-25T21:00:00Z, 2026-11-25T22:00+01:00 or a"
              + " date (its midnight UTC)")
  Instant from;

  @Option(names = "--to", paramLabel = "TIME", description = "Stop at this UTC time (exclusive)")
  Instant to;

  @Option(names = "--report", paramLabel = "FILE.md", description = "Markdown report for people")
  Path report;

  @Option(
      names = "--json",
      paramLabel = "FILE.json",
      description = "JSON report for tools (keys in docs/replay-and-backfill.md)")
  Path json;

  @Option(
      names = "--openmetrics",
      paramLabel = "FILE",
      description = "Timestamped samples for 'promtool tsdb create-blocks-from openmetrics'")
  Path openMetrics;

  @Option(
      names = "--step",
      paramLabel = "DURATION",
      description = "Backfill sample interval (default 15s)")
  String step = "15s";

  @Option(
      names = "--instance",
      paramLabel = "NAME",
      description = "instance label of the backfilled series (default replay)")
  String instance = "replay";

  @Option(
      names = "--job",
      paramLabel = "NAME",
      description =
          "job label of the backfilled series (default synapse-e2ee-exporter, the scrape job the rules select)")
  String job = "synapse-e2ee-exporter";

  @Option(
      names = "--label",
      paramLabel = "NAME=VALUE",
      description =
          "Another target label of the backfilled series, as the scrape config sets it, e.g. --label homeserver=matrix.example.org (repeatable)")
  List<String> labels = new ArrayList<>();

  @Option(
      names = "--confirm",
      description =
          "Check each stormed device's last rejected key id against the database as it is now (read-only; needs --config with a database section)")
  boolean confirm;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Log files, or - for stdin")
  List<String> files;

  @Override
  public Integer call() throws Exception {
    Logging.configure(LogLevel.WARN);
    Optional<ExporterConfig> read = config();
    if (read.isEmpty()) {
      return ExitCodes.USAGE;
    }
    ExporterConfig cfg = read.get();
    Optional<ReplayOptions> options = options(cfg);
    if (options.isEmpty()) {
      return ExitCodes.USAGE;
    }
    ReplayRun run = new Replay(cfg, options.get(), ProgressLine.forStderr()).run(files);
    DatabaseConfirmation.Result db =
        confirm ? DatabaseConfirmation.confirm(cfg, run) : DatabaseConfirmation.notAsked();
    IncidentReport r = IncidentReports.build(run, cfg.diagnosis(), db.confirmations(), db.note());
    ReplayOutputs.write(r, run, report, json, openMetrics);
    for (String error : r.errors()) {
      System.err.println("replay: " + error);
    }
    return r.errors().isEmpty() ? ExitCodes.OK : ExitCodes.RUNTIME_FAILURE;
  }

  /**
   * The replay's own options from the command line, checked before any log is read; empty after
   * saying on stderr what is wrong.
   */
  private Optional<ReplayOptions> options(ExporterConfig cfg) {
    Duration stepDuration;
    try {
      stepDuration = Durations.parse(step);
    } catch (IllegalArgumentException e) {
      System.err.println("error: --step: " + e.getMessage());
      return Optional.empty();
    }
    long stepMillis = stepDuration.toMillis();
    if (stepMillis < 1000 || (60_000 % stepMillis != 0 && stepMillis % 60_000 != 0)) {
      System.err.println(
          "error: --step must be at least 1s and divide a minute or be whole minutes, found '"
              + step
              + "'");
      return Optional.empty();
    }
    if (from != null && to != null && !from.isBefore(to)) {
      System.err.println("error: --from must be before --to");
      return Optional.empty();
    }
    if (confirm && config == null) {
      System.err.println("error: --confirm needs --config with a database section");
      return Optional.empty();
    }
    Optional<String> unconfirmable = confirm ? cannotConfirm(cfg) : Optional.empty();
    if (unconfirmable.isPresent()) {
      System.err.println("error: --confirm: " + unconfirmable.get());
      return Optional.empty();
    }
    Map<String, String> targetLabels;
    try {
      targetLabels = TargetLabels.of(labels, job, instance);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return Optional.empty();
    }
    return Optional.of(
        new ReplayOptions(from, to, stepDuration, openMetrics != null, targetLabels));
  }

  private Optional<ExporterConfig> config() {
    if (config != null && (serverName != null || logTimezone != null)) {
      System.err.println(
          "error: with --config, set synapse.server_name and synapse.log_timezone there"
              + " (--server-name and --log-timezone are for replays without a config)");
      return Optional.empty();
    }
    if (config != null) {
      return ConfigFiles.load(config);
    }
    if (logTimezone != null && !knownZone(logTimezone)) {
      System.err.println(
          "error: --log-timezone "
              + logTimezone
              + ": unknown time zone (use an IANA name such as Europe/Berlin, UTC, or 'system')");
      return Optional.empty();
    }
    String yaml =
        "synapse:\n  server_name: '"
            + quoted(serverName == null ? "example.org" : serverName)
            + "'\n  log_timezone: '"
            + quoted(logTimezone == null ? "UTC" : logTimezone)
            + "'\ndatabase:\n  enabled: false\n";
    try {
      return Optional.of(ConfigLoader.parse(yaml, "the command line"));
    } catch (ConfigException e) {
      System.err.println("error: " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Why the database cannot be asked at all, found before the replay rather than after it: a report
   * that says "not asked" after {@code --confirm} would look like an answer.
   */
  private static Optional<String> cannotConfirm(ExporterConfig cfg) {
    if (!cfg.database().enabled()) {
      return Optional.of("database.enabled is false in the config: there is no database to ask");
    }
    try {
      Secrets.databasePassword(cfg.database(), System.getenv());
      return Optional.empty();
    } catch (ConfigException e) {
      return Optional.of(
          e.getMessage()
              + " (the password serve uses: run replay with the service's environment, e.g."
              + " sudo -u synapse-e2ee-exporter sh -c 'set -a; ."
              + " /etc/synapse-e2ee-exporter/environment; synapse-e2ee-exporter replay ...')");
    }
  }

  /** As the config accepts it: a zone id, or "system" for the host's. */
  private static boolean knownZone(String zone) {
    try {
      return zone.equals("system") || ZoneId.of(zone) != null;
    } catch (DateTimeException e) {
      return false;
    }
  }

  /** A value inside single quotes in YAML: a quote is written twice. */
  private static String quoted(String value) {
    return value.replace("'", "''");
  }
}
