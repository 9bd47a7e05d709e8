package dev.e2ee.exporter.cli;

import dev.e2ee.exporter.config.PasswordHash;
import dev.e2ee.exporter.runtime.ExitCodes;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;

/** {@code hash-password}: prints the listen.basic_auth.password_hash for a password. */
@Command(
    name = "hash-password",
    mixinStandardHelpOptions = true,
    description = {
      "Print the hash of a password for listen.basic_auth.password_hash.",
      "At a terminal it asks twice and prints nothing when the two differ; without one it "
          + "reads a single line from standard input. The password itself is never printed or "
          + "stored."
    })
final class HashPasswordCommand implements Callable<Integer> {
  /** One answer to a prompt; null at end of input. */
  @FunctionalInterface
  interface Prompt {
    char @Nullable [] ask(String prompt) throws IOException;
  }

  @Override
  public Integer call() throws IOException {
    // On Java 17 (the target) console() is null without a terminal: then read stdin.
    @SuppressWarnings("SystemConsoleNull")
    Console console = System.console();
    if (console != null) {
      return hash(console::readPassword, true, System.out, System.err);
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    return hash(
        prompt -> {
          String line = in.readLine();
          return line == null ? null : line.toCharArray();
        },
        false,
        System.out,
        System.err);
  }

  /**
   * Asks for the password (twice when {@code confirm}: a typo at a prompt that echoes nothing would
   * otherwise become the scraper's password) and prints its hash.
   */
  static int hash(Prompt prompt, boolean confirm, PrintStream out, PrintStream err)
      throws IOException {
    char[] password = prompt.ask("Password: ");
    if (password == null || password.length < 8) {
      err.println("error: the password must have at least 8 characters");
      return ExitCodes.USAGE;
    }
    if (confirm) {
      char[] again = prompt.ask("Repeat the password: ");
      boolean same = Arrays.equals(password, again);
      if (again != null) {
        Arrays.fill(again, '\0');
      }
      if (!same) {
        Arrays.fill(password, '\0');
        err.println("error: the two passwords differ; no hash was printed");
        return ExitCodes.USAGE;
      }
    }
    out.println(PasswordHash.hash(password));
    Arrays.fill(password, '\0');
    return ExitCodes.OK;
  }
}
