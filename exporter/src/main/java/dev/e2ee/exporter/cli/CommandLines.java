package dev.e2ee.exporter.cli;

import dev.e2ee.exporter.runtime.ExitCodes;
import java.time.Instant;
import picocli.CommandLine;

/** Runs a picocli command with this project's exit codes and one-line usage errors. */
public final class CommandLines {
  private CommandLines() {}

  /** Runs {@code command} on {@code args} and returns the exit code (tests call this, not main). */
  public static int execute(Object command, String... args) {
    CommandLine commandLine =
        new CommandLine(command)
            .registerConverter(Instant.class, new UtcTimeConverter())
            .setExitCodeExceptionMapper(e -> ExitCodes.RUNTIME_FAILURE);
    commandLine.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine().getErr().println("error: " + e.getMessage());
          e.getCommandLine().getErr().println("Run with --help for usage.");
          return ExitCodes.USAGE;
        });
    return commandLine.execute(args);
  }
}
