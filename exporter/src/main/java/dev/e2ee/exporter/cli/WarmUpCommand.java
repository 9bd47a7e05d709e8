package dev.e2ee.exporter.cli;

import dev.e2ee.exporter.config.ConfigLoader;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.ListenConfig;
import dev.e2ee.exporter.config.LogLevel;
import dev.e2ee.exporter.http.LoopbackGet;
import dev.e2ee.exporter.runtime.ExitCodes;
import dev.e2ee.exporter.runtime.Exporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code warm-up}: the training run of the class-data sharing archive (deploy/class-archive.sh runs
 * it under {@code -XX:ArchiveClassesAtExit}). It starts the exporter as {@code serve} does, on an
 * ephemeral loopback port with a log of its own and no database, asks the listener for its pages
 * once and stops: the classes that start-up and a first scrape load are the ones archived. It
 * writes nothing outside a temporary directory it removes.
 */
@Command(
    name = "warm-up",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Start on a loopback port with a sample log, fetch each page once, stop.")
final class WarmUpCommand implements Callable<Integer> {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final List<String> PATHS =
      List.of("/-/healthy", "/-/ready", "/metrics", "/", "/api/v1/status", "/api/v1/console");

  // One access line and a KE-1 rejected upload, so that the log program's paths load too.
  private static final String LOG =
      """
      2026-11-25 10:00:00,001 - synapse.access.http.8008 - 461 - INFO - GET-1 - ::1 - 8008 - \
      {@alice:example.org} Processed request: 0.010sec/0.001sec ru=(0.001sec, 0.001sec) \
      db=(0.000sec/0.002sec/1) 63B 200 "GET /_matrix/client/v3/sync HTTP/1.1" "Element/1.11" [0 dbevts]
      2026-11-25 10:00:01,002 - synapse.http.server - 130 - INFO - POST-2 - <XForwardedForRequest \
      at 0x7f method='POST' uri='/_matrix/client/v3/keys/upload' clientproto='HTTP/1.1' \
      site='8008'> SynapseError: 400 - One time key signed_curve25519:AAAAAAAAAFA already exists. \
      Old key: {"key":"a","signatures":{}}; new key: {'key': 'b', 'signatures': {}}
      """;

  @Override
  public Integer call() throws IOException {
    Logging.configure(LogLevel.WARN);
    Path dir = Files.createTempDirectory("synapse-e2ee-warm-up");
    try {
      Path log = Files.writeString(dir.resolve("homeserver.log"), LOG);
      // Port 0 (any free one) is no valid listen.port in a config file, so it is set here.
      ExporterConfig config =
          ConfigLoader.parse(yaml(log), "warm-up").withListen(new ListenConfig("127.0.0.1", 0));
      try (Exporter exporter = new Exporter(config, Clock.systemUTC(), Map.of())) {
        int port = exporter.start();
        for (String path : PATHS) {
          String status = LoopbackGet.statusLine("127.0.0.1", port, path, TIMEOUT);
          if (!status.startsWith("HTTP/1.1 ")) {
            System.err.println("warm-up: " + path + " answered '" + status + "'");
            return ExitCodes.RUNTIME_FAILURE;
          }
        }
      }
      return ExitCodes.OK;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  static String yaml(Path log) {
    return String.join(
        "\n",
        "synapse: {server_name: example.org}",
        "database: {enabled: false}",
        "logs: {files: ['" + log + "'], start_at: beginning, positions_file: ''}",
        "");
  }
}
