package dev.e2ee.demo;

import dev.e2ee.exporter.cli.CommandLines;
import dev.e2ee.exporter.cli.Logging;
import dev.e2ee.exporter.cli.RunUntilStopped;
import dev.e2ee.exporter.cli.VersionProvider;
import dev.e2ee.exporter.config.ListenConfig;
import dev.e2ee.exporter.config.LogLevel;
import dev.e2ee.exporter.runtime.ExitCodes;
import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.fixture.LogShape;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of the demo jar: the whole exporter against an embedded homeserver database and a
 * generated log. A jar of its own, so the sidecar never carries PostgreSQL binaries.
 */
@Command(
    name = "synapse-e2ee-demo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Start an embedded PostgreSQL 17 with a Synapse-shaped schema and a seeded KE-1..KE-4 scenario,",
      "write a Synapse-format homeserver.log that keeps growing, and run the exporter on both.",
      "Ctrl-C stops everything and deletes the temporary data."
    })
public final class DemoCommand implements Callable<Integer> {
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this, not main). */
  public static int execute(String... args) {
    return CommandLines.execute(new DemoCommand(), args);
  }

  @Option(
      names = "--address",
      defaultValue = "127.0.0.1",
      description = "Listen address (default: ${DEFAULT-VALUE}).")
  String address;

  @Option(
      names = "--port",
      defaultValue = "" + ListenConfig.DEFAULT_PORT,
      description = "Listen port, 0 for any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--duration-seconds",
      defaultValue = "0",
      description = "Stop by itself after this many seconds; 0 runs until Ctrl-C (default).")
  int durationSeconds;

  @Option(
      names = "--log-shape",
      defaultValue = "text",
      description =
          "How the generated log is written: text (as Synapse writes it), docker-json"
              + " (Docker's json-file driver), syslog, or journald (a journal directory written by"
              + " systemd-journal-remote, read with journalctl) (default: ${DEFAULT-VALUE}).")
  String logShape;

  @Override
  public Integer call() throws Exception {
    Logging.configure(LogLevel.INFO);
    Clock clock = Clock.systemUTC();
    LogShape shape = null;
    for (LogShape s : LogShape.values()) {
      if (s.toString().equals(logShape)) {
        shape = s;
      }
    }
    if (shape == null) {
      System.err.println(
          "error: --log-shape must be text, docker-json, syslog or journald, found '"
              + logShape
              + "'");
      return ExitCodes.USAGE;
    }
    DemoEnvironment env;
    try {
      env = DemoEnvironment.start(clock, shape);
    } catch (Exception e) {
      System.err.println("error: the demo database did not start: " + e.getMessage());
      return ExitCodes.RUNTIME_FAILURE;
    }
    Exporter exporter = new Exporter(env.exporterConfig(address, port), clock, Map.of());
    if (durationSeconds > 0) {
      Thread timer =
          new Thread(
              () -> {
                try {
                  Thread.sleep(durationSeconds * 1000L);
                  System.exit(ExitCodes.OK);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "demo-duration");
      timer.setDaemon(true);
      timer.start();
    }
    System.out.println(
        "demo: Synapse log "
            + env.logFile()
            + ", PostgreSQL on 127.0.0.1:"
            + env.database().port());
    return RunUntilStopped.run(
        exporter,
        env::close,
        port ->
            System.out.println(
                "demo: exporter serving http://"
                    + address
                    + ":"
                    + port
                    + "/metrics - press Ctrl-C to stop"));
  }
}
