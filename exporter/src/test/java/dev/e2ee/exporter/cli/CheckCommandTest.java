package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.e2ee.exporter.deploy.ReadOnlyRoleTestSupport;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.SynapsePostgres;
import dev.e2ee.exporter.testing.TestDatabase;
import dev.e2ee.fixture.SynapseSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} against a real PostgreSQL and real log files. */
@NeedsPostgres
class CheckCommandTest {
  static final String LOG_LINE =
      "2026-11-25 10:00:01,100 - synapse.access.http.8008 - 461 - INFO - GET-1 - ::1 - 8008 - {None}"
          + " Processed request: 0.002sec/0.000sec (0.001sec, 0.000sec) (0.000sec/0.000sec/0) 45B 200 \"GET /health HTTP/1.1\" \"x\" [0 dbevts]\n";

  record Outcome(int exit, String out) {}

  static Outcome check(Path config) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      return new Outcome(
          Main.execute("check", "--config", config.toString()),
          out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  static Path config(Path dir, TestDatabase db, String user, String format, Path log, int port)
      throws Exception {
    return Files.writeString(
        dir.resolve("config.yml"),
        String.join(
            "\n",
            ConfigYaml.synapseAndLogs(log, format, dir.resolve("positions.json")),
            ConfigYaml.databaseSection(port, db.name(), user),
            ""));
  }

  @Test
  void everythingOkWithTheReadOnlyRole(@TempDir Path dir) throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    ReadOnlyRoleTestSupport.applyRoleSql(db);
    Path log = Files.writeString(dir.resolve("homeserver.log"), LOG_LINE + LOG_LINE);
    Outcome o = check(config(dir, db, "synapse_e2ee_exporter", "text", log, db.server().port()));
    assertThat(o.out())
        .contains(
            "ok    config:",
            "ok    read-only session",
            "ok    synapse schema: schema_version " + SynapseSchema.SCHEMA_VERSION,
            "ok    table e2e_one_time_keys_json: columns present, SELECT only",
            "ok    table delayed_events",
            "ok    log "
                + log
                + ": 2 of the last 2 lines are records (text layout); newest 2026-11-25T10:00:01.100Z");
    assertThat(o.out()).doesNotContain("fail");
    assertThat(o.exit()).as(o.out()).isZero();
  }

  @Test
  void aRoleThatCouldWriteAMissingOptionalTableAndAWrongLogFormat(@TempDir Path dir)
      throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    db.execute("DROP TABLE delayed_events");
    Path log = Files.writeString(dir.resolve("homeserver.log"), LOG_LINE);
    Outcome o = check(config(dir, db, db.server().superuser(), "json", log, db.server().port()));
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.out())
        .contains(
            "fail  table devices: the role may write to it",
            "warn  table delayed_events: missing (Synapse older than 1.116?)",
            "fail  log "
                + log
                + ": none of the last 1 lines is a Synapse record in the json layout");
  }

  @Test
  void unreachableDatabaseAndMissingLogAreFailuresWithAFix(@TempDir Path dir) throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    TestDatabase db = SynapsePostgres.newDatabase();
    Outcome o = check(config(dir, db, "x", "text", dir.resolve("absent.log"), closed));
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.out())
        .contains(
            "fail  log "
                + dir.resolve("absent.log")
                + ": does not exist (fix: set logs.files to the file Synapse writes",
            "fail  database: x@127.0.0.1:" + closed,
            "connection",
            "(fix: check database.host/port, pg_hba.conf");
  }

  @Test
  void theHealthUrlIsProbedOnceAndAnUnansweredOneIsAWarning(@TempDir Path dir) throws Exception {
    HttpServer synapse =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    synapse.createContext(
        "/health",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    synapse.start();
    try {
      String url = "http://127.0.0.1:" + synapse.getAddress().getPort() + "/health";
      Outcome up = check(healthOnly(dir, url));
      assertThat(up.out()).contains("ok    synapse health " + url + ": answered in ");
      assertThat(up.exit()).as(up.out()).isZero();
    } finally {
      synapse.stop(0);
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String down = "http://127.0.0.1:" + closed + "/health";
    Outcome o = check(healthOnly(dir, down));
    assertThat(o.out()).contains("warn  synapse health " + down + ": could not connect");
    assertThat(o.exit()).as("Synapse may be down while the exporter is set up").isZero();
  }

  static Path healthOnly(Path dir, String url) throws Exception {
    return Files.writeString(
        dir.resolve("health.yml"),
        "synapse: {server_name: example.org, health_url: '"
            + url
            + "'}\nlogs: {enabled: false}\ndatabase: {enabled: false}\n");
  }

  @Test
  void anInvalidConfigIsReportedAndExitsTwo(@TempDir Path dir) throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("bad.yml"),
            "synapse: {server_name: e.org}\ndatabase: {host: h, prot: 1}\n");
    Outcome o = check(bad);
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.out()).contains("fail  config: " + bad + ":2: unknown key 'database.prot'");
  }

  @Test
  void theExamplesPlaceholdersAndAnOpenListenerAreWarnedAbout(@TempDir Path dir) throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    ReadOnlyRoleTestSupport.applyRoleSql(db);
    Path log = Files.writeString(dir.resolve("homeserver.log"), LOG_LINE);
    Path config = config(dir, db, "synapse_e2ee_exporter", "text", log, db.server().port());
    Files.writeString(config, "listen: {address: 0.0.0.0}\n", StandardOpenOption.APPEND);
    Outcome o = check(config);
    assertThat(o.out())
        .contains(
            "warn  config: synapse.server_name is 'example.org', the example's placeholder",
            "warn  listener: listen.address 0.0.0.0 is reachable beyond this host and"
                + " listen.basic_auth is not set");
    assertThat(o.out()).doesNotContain("fail");
    assertThat(o.exit()).as("warnings alone do not fail the check").isZero();
  }

  @Test
  void aPasswordMissingFromTheEnvironmentSaysHowToRunCheckWithIt(@TempDir Path dir)
      throws Exception {
    String unset = "SYNAPSE_E2EE_TEST_UNSET_" + System.nanoTime();
    Path log = Files.writeString(dir.resolve("homeserver.log"), LOG_LINE);
    Path config =
        Files.writeString(
            dir.resolve("config.yml"),
            "synapse: {server_name: hs.test}\nlogs: {files: ['"
                + log
                + "'], positions_file: ''}\ndatabase: {host: 127.0.0.1, password_env: "
                + unset
                + "}\n");
    Outcome o = check(config);
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.out())
        .contains(
            "fail  database: database.password_env: environment variable "
                + unset
                + " is not set (fix: set it in the service's environment file and run check as"
                + " the service does: sudo -u synapse-e2ee-exporter sh -c 'set -a; ."
                + " /etc/synapse-e2ee-exporter/environment; exec <this check command>')")
        .doesNotContain("placeholder");
  }
}
