package dev.e2ee.exporter.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.e2ee.fixture.ChildProcesses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real Prometheus server on loopback, for tests that need what Prometheus answers (dashboards,
 * backfilled blocks). Retention is ten years, so that blocks of a fixed past date are kept.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final int port;

  private PrometheusServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts {@code prometheus} with {@code config} (YAML text) on the TSDB in {@code data}. */
  public static PrometheusServer start(Path dir, String config, Path data)
      throws IOException, InterruptedException {
    Path binary = ExternalTool.require("prometheus", "prometheus");
    Path configFile = dir.resolve("prometheus.yml");
    Files.writeString(configFile, config);
    int port = freePort();
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + data,
                "--storage.tsdb.retention.time=3650d",
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    PrometheusServer server = new PrometheusServer(process, port);
    Await.until(server::ready, Duration.ofSeconds(60));
    return server;
  }

  public int port() {
    return port;
  }

  boolean ready() {
    try {
      return Http.get(port, "/-/ready").statusCode() == 200;
    } catch (IllegalStateException notYet) {
      return false;
    }
  }

  /** An instant query now; fails the test on an error (a broken expression). */
  public JsonNode query(String expr) {
    return get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8), expr);
  }

  /** An instant query evaluated at {@code at}. */
  public JsonNode query(String expr, Instant at) {
    return get(
        "/api/v1/query?query="
            + URLEncoder.encode(expr, StandardCharsets.UTF_8)
            + "&time="
            + at.getEpochSecond(),
        expr);
  }

  /** The single value an instant query at {@code at} returns; fails unless there is exactly one. */
  public double value(String expr, Instant at) {
    JsonNode result = query(expr, at);
    assertThat(result).as("%s at %s", expr, at).hasSize(1);
    return Double.parseDouble(result.at("/0/value/1").asText());
  }

  public JsonNode get(String path, String what) {
    var response = Http.get(port, path);
    try {
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.get("status").asText())
          .as("%s -> %s", what, response.body())
          .isEqualTo("success");
      return body.at("/data/result").isMissingNode() ? body.get("data") : body.at("/data/result");
    } catch (IOException e) {
      throw new AssertionError(what + ": " + response.body(), e);
    }
  }

  @Override
  public void close() {
    ChildProcesses.stop(process);
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
