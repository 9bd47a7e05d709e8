package dev.e2ee.exporter.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The packaged jar run as its own process, as an operator runs it. */
public final class JarProcess implements AutoCloseable {
  private final Process process;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final Thread stdoutPump;
  private final Thread stderrPump;

  private JarProcess(Process process) {
    this.process = process;
    stdoutPump = pump(process.getInputStream(), stdout, "jar-stdout");
    stderrPump = pump(process.getErrorStream(), stderr, "jar-stderr");
  }

  public static Path jar() {
    Path jar = Path.of(System.getProperty("exporter.jar", "target/synapse-e2ee-exporter.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "packaged jar not found at " + jar + " (run mvn verify, not only test)");
    }
    return jar;
  }

  public static JarProcess start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    return new JarProcess(new ProcessBuilder(command).start());
  }

  /** Waits for a stdout line matching {@code match} and returns it. */
  public String awaitStdout(Predicate<String> match, long seconds) throws InterruptedException {
    return await(stdout, match, seconds);
  }

  /** Waits for a stderr line (where the log goes) matching {@code match} and returns it. */
  public String awaitStderr(Predicate<String> match, long seconds) throws InterruptedException {
    return await(stderr, match, seconds);
  }

  private String await(List<String> lines, Predicate<String> match, long seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      for (String line : lines) {
        if (match.test(line)) {
          return line;
        }
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no matching line; stdout=" + stdout + " stderr=" + stderr);
  }

  /** Sends SIGTERM (what systemd sends) and waits; returns the exit code or -1 if still running. */
  public int terminate(long seconds) throws InterruptedException {
    // Process.destroy() would also close our ends of the child's stdout/stderr pipes, and
    // lose what the child logs while it shuts down; the handle only sends the signal.
    process.toHandle().destroy();
    return waitForExit(seconds);
  }

  /** Waits for the exit and for the last output lines to be read; -1 if still running. */
  public int waitForExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      return -1;
    }
    stdoutPump.join(5000);
    stderrPump.join(5000);
    return process.exitValue();
  }

  public long pid() {
    return process.pid();
  }

  public String stderr() {
    return String.join("\n", stderr);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static Thread pump(InputStream in, List<String> sink, String name) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  sink.add(line);
                }
              } catch (IOException e) {
                // process gone
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
