package dev.e2ee.exporter.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the runnable jar. */
@Command(
    name = "synapse-e2ee-exporter",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Prometheus exporter for Synapse end-to-end-encryption failures (KE-1..KE-4).",
    subcommands = {
      ServeCommand.class,
      CheckCommand.class,
      CaptureCommand.class,
      ReplayCommand.class,
      DemoMovedCommand.class,
      HashPasswordCommand.class,
      WarmUpCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:runtime failure (port in use, log or database unreadable at start, ...)",
      "2:usage or configuration error (the message names the key and line)"
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this, not main). */
  public static int execute(String... args) {
    return CommandLines.execute(new Main(), args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "a subcommand is required (serve, check, capture, replay or hash-password)");
  }
}
