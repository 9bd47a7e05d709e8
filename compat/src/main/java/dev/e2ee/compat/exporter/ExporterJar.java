package dev.e2ee.compat.exporter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged sidecar jar, run as an operator runs it ({@code java -jar ... serve|replay|capture})
 * with the read-only role's password in the environment variable the config names.
 */
public final class ExporterJar {
  public static final String PASSWORD_ENV = "SYNAPSE_E2EE_DB_PASSWORD";

  private final Path jar;
  private final String dbPassword;
  private final Path workDir;

  /** What a one-shot command did. */
  public record Outcome(int exitCode, String stdout, String stderr) {}

  public ExporterJar(Path jar, String dbPassword, Path workDir) {
    this.jar = jar;
    this.dbPassword = dbPassword;
    this.workDir = workDir;
  }

  /** Starts a long-running command ({@code serve}); its output goes to {@code logName}. */
  public Process start(String logName, String... args) throws IOException {
    ProcessBuilder pb = builder(args);
    Path log = workDir.resolve(logName);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return pb.start();
  }

  /** Runs a one-shot command ({@code replay}, {@code capture}) to its end (5 minutes at most). */
  public Outcome run(String name, String... args) throws IOException, InterruptedException {
    ProcessBuilder pb = builder(args);
    Path out = workDir.resolve(name + ".stdout");
    Path err = workDir.resolve(name + ".stderr");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new IOException(name + " did not finish within 5 minutes");
    }
    return new Outcome(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private ProcessBuilder builder(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    Map<String, String> env = pb.environment();
    env.put(PASSWORD_ENV, dbPassword);
    env.put("TZ", "UTC");
    return pb;
  }
}
