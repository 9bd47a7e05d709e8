package dev.e2ee.exporter.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a real command-line tool (promtool, amtool, prometheus). Where the tool is missing the test
 * is skipped with a message saying how to install it - except in CI (CI=true), where a missing tool
 * is a failure: .ci/run installs them, so missing means broken.
 */
public final class ExternalTool {
  private ExternalTool() {}

  public record Result(int exitCode, String output) {}

  public static Path require(String name, String debianPackage) {
    return require(name, debianPackage, List.of());
  }

  /** As {@link #require(String, String)}, also looking in {@code moreDirs} (/lib/systemd ...). */
  public static Path require(String name, String debianPackage, List<String> moreDirs) {
    List<String> dirs =
        new ArrayList<>(
            List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":", -1)));
    dirs.addAll(moreDirs);
    for (String dir : dirs) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String message =
        name + " not found on PATH: install it with 'apt-get install -y " + debianPackage + "'";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(message + " (required in CI; .ci/run should have installed it)");
    }
    System.err.println("SKIPPED: " + message);
    Assumptions.abort(message);
    return null;
  }

  public static Result run(Path workingDirectory, List<String> command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("tool-", ".out");
    try {
      Process process =
          new ProcessBuilder(new ArrayList<>(command))
              .directory(workingDirectory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish within 120 s");
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** The repository's top folder (the parent of the exporter module). */
  public static Path repository() {
    return Path.of(System.getProperty("project.basedir", "exporter")).toAbsolutePath().getParent();
  }
}
