package dev.e2ee.compat.synapse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The real Synapse, controlled through {@code compat/env/synapse.sh} (the environment that builds
 * and runs it): registration with Debian's tool, restart, log formatter switch, and the stall
 * (SIGSTOP/SIGCONT). The instance (work directory, ports) comes from the environment variables the
 * script reads, which this process passes on.
 */
public final class Homeserver {
  private final Path script;

  public Homeserver(Path script) {
    this.script = script;
  }

  /** The instance's facts ({@code synapse.sh env}): URL, log path, database, passwords. */
  public Map<String, String> facts() throws IOException, InterruptedException {
    Map<String, String> facts = new TreeMap<>();
    for (String line : run("env").lines().toList()) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        facts.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return facts;
  }

  public String version() throws IOException, InterruptedException {
    return run("version").strip();
  }

  public void register(String localpart, String password) throws IOException, InterruptedException {
    run("register", localpart, password);
  }

  /**
   * Stops Synapse (SIGTERM, waits for the exit) and starts it again; returns once it is healthy.
   */
  public void restart() throws IOException, InterruptedException {
    run("restart");
  }

  /**
   * Switches the log file's formatter ({@code text} or {@code json}); Synapse reloads on SIGHUP.
   */
  public void logFormat(String format) throws IOException, InterruptedException {
    run("log-format", format);
  }

  /** SIGSTOP: the homeserver stalls; connections queue in the kernel, nothing is answered. */
  public void freeze() throws IOException, InterruptedException {
    run("freeze");
  }

  public void thaw() throws IOException, InterruptedException {
    run("thaw");
  }

  private String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish within 5 minutes");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " exited " + p.exitValue());
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
