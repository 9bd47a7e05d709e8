package dev.e2ee.exporter.cli;

import dev.e2ee.exporter.config.ConfigException;
import dev.e2ee.exporter.config.ConfigLoader;
import dev.e2ee.exporter.config.ExamplePlaceholders;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.HealthProbeConfig;
import dev.e2ee.exporter.config.ListenerExposure;
import dev.e2ee.exporter.config.LogFormat;
import dev.e2ee.exporter.config.LogLevel;
import dev.e2ee.exporter.db.DatabaseCheck;
import dev.e2ee.exporter.db.DatabaseCheck.Level;
import dev.e2ee.exporter.db.DatabaseCheck.Line;
import dev.e2ee.exporter.log.JournalCheck;
import dev.e2ee.exporter.log.LogFileCheck;
import dev.e2ee.exporter.probe.HealthProbe;
import dev.e2ee.exporter.runtime.ExitCodes;
import dev.e2ee.exporter.support.ErrorText;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code check --config FILE}: everything serve needs, one line per check, before starting it. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check a config before serving it, as the user the service runs as.",
      "Config valid, placeholders from the example replaced, the listener not open beyond "
          + "this host without basic auth; log files readable and in the configured format; "
          + "database reachable, read-only, Synapse's tables and columns present, SELECT granted "
          + "and no write privileges (asked of the catalog; nothing is ever written); "
          + "synapse.health_url answering, when set (a warning otherwise). Exit 0 when nothing "
          + "failed."
    })
final class CheckCommand implements Callable<Integer> {
  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "YAML config file.")
  Path config;

  @Override
  public Integer call() throws Exception {
    Logging.configure(LogLevel.WARN);
    List<Line> lines = new ArrayList<>();
    ExporterConfig loaded;
    try {
      loaded = ConfigLoader.load(config);
      lines.add(new Line(Level.OK, "config", config.toString()));
      ExamplePlaceholders.in(loaded).forEach(p -> lines.add(new Line(Level.WARN, "config", p)));
      ListenerExposure.warning(loaded)
          .ifPresent(w -> lines.add(new Line(Level.WARN, "listener", w)));
    } catch (ConfigException e) {
      print(new Line(Level.FAIL, "config", String.valueOf(e.getMessage())));
      return ExitCodes.USAGE;
    }
    if (loaded.logs().enabled()) {
      List<LogFileCheck.Result> files = LogFileCheck.run(loaded);
      if (loaded.logs().journald().isPresent()) {
        JournalCheck.Result j = JournalCheck.run(loaded.logs().journald().get());
        lines.add(new Line(j.ok() ? Level.OK : Level.FAIL, "journald", j.message()));
      } else if (files.isEmpty()) {
        lines.add(
            new Line(
                Level.FAIL,
                "log files",
                "no file matches "
                    + loaded.logs().files()
                    + " (fix: "
                    + LogFileCheck.WHERE_SYNAPSE_LOGS
                    + ")"));
      }
      for (LogFileCheck.Result r : files) {
        lines.add(logLine(r, loaded.logs().format()));
      }
    } else {
      lines.add(
          new Line(
              Level.WARN,
              "log files",
              "logs.enabled is false: KE-1, KE-2 and KE-4 log metrics are off"));
    }
    if (loaded.database().enabled()) {
      Vertx vertx = Vertx.vertx();
      try {
        lines.addAll(DatabaseCheck.run(vertx, loaded.database(), System.getenv()));
      } catch (ConfigException e) {
        lines.add(new Line(Level.FAIL, "database", ErrorText.describe(e) + passwordHint(e)));
      } finally {
        vertx.close().await(5, TimeUnit.SECONDS);
      }
    } else {
      lines.add(
          new Line(
              Level.WARN,
              "database",
              "database.enabled is false: key, inbox, delayed-event and KE-3 metrics are off"));
    }
    HealthProbeConfig health = loaded.synapse().health();
    if (health.url().isPresent()) {
      // Synapse may be down while the exporter is installed: a warning, not a failure.
      HealthProbe.Outcome o = HealthProbe.once(health, health.url().get());
      lines.add(
          new Line(
              o.failure() == null ? Level.OK : Level.WARN,
              "synapse health " + health.url().get(),
              o.detail()));
    }
    lines.forEach(CheckCommand::print);
    return lines.stream().anyMatch(l -> l.level() == Level.FAIL)
        ? ExitCodes.RUNTIME_FAILURE
        : ExitCodes.OK;
  }

  /** A password missing from the environment: check was run without the service's environment. */
  static String passwordHint(ConfigException e) {
    return String.valueOf(e.getMessage()).startsWith("database.password_env")
        ? " (fix: set it in the service's environment file and run check as the service does:"
            + " sudo -u synapse-e2ee-exporter sh -c 'set -a; ."
            + " /etc/synapse-e2ee-exporter/environment; exec <this check command>')"
        : "";
  }

  static Line logLine(LogFileCheck.Result r, LogFormat format) {
    String subject = "log " + r.file();
    if (!r.readable()) {
      return new Line(Level.FAIL, subject, Objects.requireNonNullElse(r.problem(), "unreadable"));
    }
    if (r.lines() == 0) {
      return new Line(Level.WARN, subject, "empty so far");
    }
    if (r.records() == 0) {
      return new Line(
          Level.FAIL,
          subject,
          "none of the last "
              + r.lines()
              + " lines is a Synapse record in the "
              + format
              + " layout"
              + (format == LogFormat.AUTO ? "s the exporter reads" : "")
              + " (fix: logs.format, or point logs.files at the file Synapse writes)");
    }
    return new Line(
        r.records() * 10 >= r.lines() ? Level.OK : Level.WARN,
        subject,
        r.records()
            + " of the last "
            + r.lines()
            + " lines are records ("
            + r.layout()
            + " layout); newest "
            + r.newest());
  }

  static void print(Line line) {
    System.out.printf(
        "%-5s %s: %s%n",
        line.level().name().toLowerCase(Locale.ROOT), line.subject(), line.message());
  }
}
