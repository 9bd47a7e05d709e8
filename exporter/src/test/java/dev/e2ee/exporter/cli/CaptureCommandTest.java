package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.ConfigLoader;
import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Commands;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.SynapsePostgres;
import dev.e2ee.exporter.testing.TestDatabase;
import dev.e2ee.fixture.DemoLogWriter;
import dev.e2ee.fixture.DemoScenario;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** capture end to end: real PostgreSQL, real current and rotated (.gz) Synapse logs. */
@NeedsPostgres
class CaptureCommandTest {

  /** A capture of alice's devices under {@code dir/out}, by {@code config}. */
  static Commands.Outcome captureAlice(Path config, Path dir) {
    return capture(
        "--config",
        config.toString(),
        "--user",
        "@alice:example.org",
        "--out",
        dir.resolve("out").toString());
  }

  static Commands.Outcome capture(String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "capture";
    System.arraycopy(args, 0, full, 1, args.length);
    return Commands.run(full);
  }

  /** The fixture split over three files: rotated two days ago (gzipped), yesterday, today. */
  static Path logs(Path dir) throws Exception {
    List<String> lines = ProgramHarness.resourceLines("homeserver-text.log");
    Path logDir = Files.createDirectories(dir.resolve("log"));
    try (OutputStream gz =
        new GZIPOutputStream(
            Files.newOutputStream(logDir.resolve("homeserver.log.2026-11-23.gz")))) {
      gz.write((String.join("\n", lines.subList(0, 8)) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Files.writeString(
        logDir.resolve("homeserver.log.2026-11-24"),
        String.join("\n", lines.subList(8, 20)) + "\n");
    Files.writeString(
        logDir.resolve("homeserver.log"),
        String.join("\n", lines.subList(20, lines.size()))
            + "\n"
            + "2026-11-25 10:00:09,500 - synapse.access.http.8008 - 461 - INFO - GET-99 - ::1 - 8008 - {@alice:example.org}"
            + " Processed request: 0.001sec/0.000sec (0.001sec, 0.000sec) (0.000sec/0.000sec/0) 9B 200"
            + " \"GET /_matrix/client/v3/sync?access_token=syt_secret_token HTTP/1.1\" \"x\" [0 dbevts]\n");
    return logDir.resolve("homeserver.log");
  }

  static Path config(Path dir, Path log, int dbPort, String dbName, String user, int listenPort)
      throws Exception {
    return Files.writeString(
        dir.resolve("config.yml"),
        String.join(
            "\n",
            "listen: {port: " + listenPort + "}",
            ConfigYaml.synapseAndLogs(log, "auto", dir.resolve("positions.json")),
            ConfigYaml.databaseSection(dbPort, dbName, user),
            ""));
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aCompleteBundleForTheStormDevice(@TempDir Path dir) throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    String alice = "@alice:example.org";
    db.rows()
        .device(alice, "STORMDEVICE", 1764064800000L, false)
        .oneTimeKey(
            alice,
            "STORMDEVICE",
            "signed_curve25519",
            "AAAAAAAAAFA",
            "{\"key\":\"oldServerValue\",\"signatures\":{}}",
            1L)
        .encryptedEvent(
            DemoScenario.MALFORMED_EVENT, "!r:example.org", alice, 1, 1764064800000L, null);
    db.execute(
        "UPDATE devices SET user_agent = '"
            + DemoLogWriter.STORM_AGENT
            + "' WHERE device_id = 'STORMDEVICE'");
    Path log = logs(dir);
    Path config =
        config(dir, log, db.server().port(), db.name(), db.server().superuser(), freePort());
    Commands.Outcome o =
        capture(
            "--config",
            config.toString(),
            "--user",
            alice,
            "--device",
            "STORMDEVICE",
            "--event",
            DemoScenario.MALFORMED_EVENT,
            "--since",
            "2026-11-25T09:00:00Z",
            "--out",
            dir.resolve("out").toString());
    Path bundle = dir.resolve("out/capture-20261125T090000Z");
    assertThat(o.out().strip()).isEqualTo(bundle.toString());
    // No exporter runs on that port: everything else is captured, and the README says what is
    // missing.
    assertThat(o.exit()).as(o.err()).isEqualTo(1);

    String slice = Files.readString(bundle.resolve("homeserver-slice.log"));
    assertThat(slice)
        .contains(
            "POST-10 - Adding one_time_keys",
            "POST-10 - <XForwardedForRequest",
            "Claimed one-time-keys",
            "access_token=<redacted>");
    assertThat(slice)
        .as("the conflict line names no user: joined by request id")
        .contains("POST-11 - <SynapseRequest at 0x7f3a2c1d9e51");
    assertThat(slice)
        .doesNotContain(
            "oldServerValue", "newClientValue", "syt_secret_token", "@carol:example.org")
        .contains("\"key\":\"sha256:");
    assertThat(Files.readString(bundle.resolve("sql-otk_inventory.csv")))
        .startsWith(
            "device_id,algorithm,key_id,ts_added_ms,key_hash\nSTORMDEVICE,signed_curve25519,AAAAAAAAAFA,1,sha256:")
        .doesNotContain("oldServerValue");
    assertThat(Files.readString(bundle.resolve("sql-event_algorithm.csv")))
        .contains(DemoScenario.MALFORMED_EVENT + ",m.room.encrypted,");
    assertThat(bundle.resolve("sql-otk_counts.json")).exists();
    String readme = Files.readString(bundle.resolve("README.md"));
    assertThat(readme)
        .contains(
            "Q3 verdict `server_data`: content.algorithm is missing in the stored event",
            "device STORMDEVICE: client Element Desktop 1.12.8 (devices.user_agent)",
            "user: `@alice:example.org`",
            "homeserver.log.2026-11-23.gz",
            "`sql-fallback_keys.csv/.json`: 0 rows",
            "## Not captured",
            "the exporter does not answer at http://127.0.0.1:");
  }

  @Test
  void withTheExporterRunningTheBundleIsComplete(@TempDir Path dir) throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    Path log = logs(dir);
    int port = freePort();
    Path config = config(dir, log, db.server().port(), db.name(), db.server().superuser(), port);
    try (var exporter = new Exporter(ConfigLoader.load(config), Clock.systemUTC(), Map.of())) {
      exporter.start();
      Commands.Outcome o = captureAlice(config, dir);
      assertThat(o.exit()).as(o.err()).isZero();
      Path bundle = Path.of(o.out().strip());
      assertThat(Files.readString(bundle.resolve("metrics.txt")))
          .contains("synapse_e2ee_build_info{");
      assertThat(Files.readString(bundle.resolve("verdicts.json"))).contains("\"devices\"");
      assertThat(Files.readString(bundle.resolve("README.md")))
          .contains("Nothing: every part of the bundle was captured.");
    }
  }

  @Test
  void badUserIdIsAUsageErrorAndAnUnreachableDatabaseGivesAPartialBundle(@TempDir Path dir)
      throws Exception {
    Path log = logs(dir);
    int closed = freePort();
    Path config = config(dir, log, closed, "synapse", "x", freePort());
    assertThat(
            capture("--config", config.toString(), "--user", "alice", "--out", dir.toString())
                .exit())
        .isEqualTo(2);
    Commands.Outcome o = captureAlice(config, dir);
    assertThat(o.exit()).isEqualTo(1);
    Path bundle = Path.of(o.out().strip());
    assertThat(Files.readString(bundle.resolve("homeserver-slice.log"))).contains("STORMDEVICE");
    assertThat(Files.readString(bundle.resolve("README.md"))).contains("SQL `devices`: connection");
  }
}
