package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.JarProcess;
import dev.e2ee.exporter.testing.NeedsPackagedJar;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.exporter.testing.SynapsePostgres;
import dev.e2ee.exporter.testing.TestDatabase;
import dev.e2ee.fixture.SynapseSchema;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} from the packaged jar against a real PostgreSQL and a real log file. */
@NeedsPackagedJar
@NeedsPostgres
class ServeJarIT {

  @Test
  void serveReadsTheDatabaseAndTheLogAndStopsOnSigterm(@TempDir Path dir) throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    Path log = dir.resolve("homeserver.log");
    Files.writeString(
        log, "2026-11-25 21:19:02,123 - synapse.storage.SQL - 1 - INFO - sentinel - started\n");
    int port = freePort();
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "listen:",
            "  address: 127.0.0.1",
            "  port: " + port,
            "synapse:",
            "  server_name: example.org",
            "logs:",
            "  files: [" + log + "]",
            "  start_at: beginning",
            "  positions_file: " + dir.resolve("positions.json"),
            "database:",
            "  host: " + db.server().host(),
            "  port: " + db.server().port(),
            "  name: " + db.name(),
            "  user: " + db.server().superuser(),
            "  sslmode: disable",
            "  poll_interval: 1s",
            ""));
    try (JarProcess serve = JarProcess.start("serve", "--config", config.toString())) {
      Scrape scrape = Scrape.awaitDbUp(port);
      assertThat(scrape.valueOrFail("synapse_e2ee_db_up")).isEqualTo(1);
      assertThat(scrape.valueOrFail("synapse_e2ee_synapse_schema_version"))
          .isEqualTo(SynapseSchema.SCHEMA_VERSION);
      assertThat(scrape.valueOrFail("synapse_e2ee_log_lines_read_total{file=\"" + log + "\"}"))
          .isEqualTo(1);
      assertThat(Http.get(port, "/-/ready").statusCode()).isEqualTo(200);
      assertThat(serve.terminate(5))
          .as("stopped within 5 s; stderr:\n%s", serve.stderr())
          .isEqualTo(143);
      assertThat(serve.stderr())
          .contains("listening on http://127.0.0.1:" + port + "/", "stopping");
      // Stopping wrote where reading stood: after the one line of the log.
      assertThat(Files.readString(dir.resolve("positions.json")))
          .contains("\"offset\" : " + Files.size(log));
    }
  }

  @Test
  void badConfigExitsTwoWithOneLine(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        "synapse:\n  server_name: example.org\ndatabase:\n  host: h\nlisten:\n  port: 99999\n");
    try (JarProcess serve = JarProcess.start("serve", "--config", config.toString())) {
      assertThat(serve.waitForExit(30)).isEqualTo(2);
      assertThat(serve.stderr())
          .isEqualTo(
              "config error: "
                  + config
                  + ":6: key 'listen.port': must be between 1 and 65535, found 99999");
    }
  }

  @Test
  void portInUseExitsOne(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path config = dir.resolve("config.yml");
      Files.writeString(
          config,
          "listen:\n  port: "
              + taken.getLocalPort()
              + "\nsynapse:\n  server_name: example.org\n"
              + "logs:\n  enabled: false\ndatabase:\n  enabled: false\n");
      try (JarProcess serve = JarProcess.start("serve", "--config", config.toString())) {
        assertThat(serve.waitForExit(30)).isEqualTo(1);
        assertThat(serve.stderr())
            .contains("error: cannot listen on 127.0.0.1:" + taken.getLocalPort());
      }
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
