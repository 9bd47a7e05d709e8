package dev.e2ee.exporter.cli;

import dev.e2ee.exporter.config.PasswordHash;
import dev.e2ee.exporter.runtime.ExitCodes;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hash-password}: prints the listen.basic_auth.password_hash for a password. */
@Command(
    name = "hash-password",
    mixinStandardHelpOptions = true,
    description = {
      "Read a password (prompt, or one line on standard input) and print its hash for",
      "listen.basic_auth.password_hash. The password itself is never printed or stored."
    })
final class HashPasswordCommand implements Callable<Integer> {
  @Override
  public Integer call() throws IOException {
    char[] password;
    // On Java 17 (the target) console() is null without a terminal: then read stdin.
    @SuppressWarnings("SystemConsoleNull")
    Console console = System.console();
    if (console != null) {
      password = console.readPassword("Password: ");
    } else {
      String line =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      password = line == null ? new char[0] : line.toCharArray();
    }
    if (password == null || password.length < 8) {
      System.err.println("error: the password must have at least 8 characters");
      return ExitCodes.USAGE;
    }
    System.out.println(PasswordHash.hash(password));
    Arrays.fill(password, '\0');
    return ExitCodes.OK;
  }
}
