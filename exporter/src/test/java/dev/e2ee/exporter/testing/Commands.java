package dev.e2ee.exporter.testing;

import dev.e2ee.exporter.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the jar's command line in-process, with stdout and stderr captured. */
public final class Commands {
  private Commands() {}

  public record Outcome(int exit, String out, String err) {}

  /**
   * {@code replay --config config --json json} followed by {@code more}: further options, then the
   * logs.
   */
  public static Outcome replayToJson(Path config, Path json, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("replay", "--config", config.toString(), "--json", json.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  public static Outcome run(String... args) {
    PrintStream o = System.out;
    PrintStream e = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Outcome(
          Main.execute(args),
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(o);
      System.setErr(e);
    }
  }
}
