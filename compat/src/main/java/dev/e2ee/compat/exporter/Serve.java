package dev.e2ee.compat.exporter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** {@code serve} running beside Synapse for the whole run; stopped with SIGTERM in close(). */
public final class Serve implements AutoCloseable {
  private final Process process;
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  private Serve(Process process, URI base) {
    this.process = process;
    this.base = base;
  }

  public static Serve start(ExporterJar jar, Path config, int port)
      throws IOException, InterruptedException {
    Process p = jar.start("serve.log", "serve", "--config", config.toString());
    Serve serve = new Serve(p, URI.create("http://127.0.0.1:" + port + "/"));
    try {
      serve.await("/-/ready", body -> true, Duration.ofSeconds(60));
    } catch (IOException | RuntimeException | InterruptedException e) {
      serve.close();
      throw e;
    }
    return serve;
  }

  /** GET {@code path}; the body (IOException on a non-200). */
  public String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve(path.substring(1)))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + r.statusCode());
    }
    return r.body();
  }

  /**
   * Polls {@code path} until its body satisfies {@code done}, at most {@code limit}: the waits of
   * the suite are for a state, never a fixed time. Returns the last body either way.
   */
  public String await(String path, Predicate<String> done, Duration limit)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    String last = "";
    IOException error = null;
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("serve exited with " + process.exitValue() + " (see serve.log)");
      }
      try {
        last = get(path);
        error = null;
        if (done.test(last)) {
          return last;
        }
      } catch (IOException e) {
        error = e;
      }
      Thread.sleep(500);
    }
    if (error != null && last.isEmpty()) {
      throw error;
    }
    return last;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
