package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.e2ee.exporter.testing.Commands;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.SynapsePostgres;
import dev.e2ee.exporter.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --confirm} against a real PostgreSQL with Synapse's schema: the stormed device's
 * last rejected key id is looked up read-only, and the verdict follows what is stored now.
 */
@ExtendWith(SynapsePostgres.class)
@NeedsPostgres
class ReplayConfirmTest {
  static Path config(Path dir, TestDatabase db) throws Exception {
    return Files.writeString(
        dir.resolve("config.yml"),
        String.join(
            "\n",
            "synapse: {server_name: example.org, log_timezone: UTC}",
            "database: {host: 127.0.0.1, port: "
                + db.server().port()
                + ", name: "
                + db.name()
                + ", user: "
                + db.server().superuser()
                + ", sslmode: disable}",
            ""));
  }

  static JsonNode replayConfirmed(Path dir, Path config) throws Exception {
    return ReplayCommandTest.replay(
        dir, "--config", config.toString(), "--confirm", ReplayCommandTest.oneFile(dir).toString());
  }

  @Test
  void aKeyStoredWithAnotherValueIsDivergence(@TempDir Path dir) throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    IncidentLog.storeDivergentKey(db.rows());
    JsonNode r = replayConfirmed(dir, config(dir, db));
    JsonNode d = r.at("/ke1/devices/0");
    assertThat(d.get("verdict").asText()).isEqualTo("divergence");
    assertThat(d.get("verdict_from_log").asText()).isEqualTo("divergence");
    assertThat(d.get("verdict_evidence").asText())
        .startsWith("key id AAAAAAAAAFA is stored with another value than the client uploads");
    assertThat(r.get("database").asText())
        .startsWith("Checked read-only against database " + db.name())
        .contains("as it is now, not as it was during the incident");
  }

  @Test
  void aKeyNoLongerStoredIsTheClientsLoop(@TempDir Path dir) throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    JsonNode r = replayConfirmed(dir, config(dir, db));
    assertThat(r.at("/ke1/devices/0/verdict").asText()).isEqualTo("client_loop");
    assertThat(r.at("/ke1/devices/0/verdict_evidence").asText())
        .contains(
            "rejected 150 times in a row; no longer stored in the database (Synapse's error"
                + " showed another stored value when it was rejected)");
  }

  @Test
  void anUnreachableDatabaseLeavesTheLogsVerdictAndSaysWhy(@TempDir Path dir) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("config.yml"),
            "synapse: {server_name: example.org, log_timezone: UTC}\n"
                + "database: {host: 127.0.0.1, port: 1, name: synapse, user: x, sslmode: disable,"
                + " connect_timeout: 2s}\n");
    JsonNode r = replayConfirmed(dir, config);
    assertThat(r.at("/ke1/devices/0/verdict").asText()).isEqualTo("divergence");
    assertThat(r.get("database").asText()).startsWith("Could not be asked");
  }

  @Test
  void confirmWithoutThePasswordOrADatabaseFailsBeforeReplaying(@TempDir Path dir)
      throws Exception {
    String unset = "SYNAPSE_E2EE_TEST_UNSET_" + System.nanoTime();
    Path noPassword =
        Files.writeString(
            dir.resolve("no-password.yml"),
            "synapse: {server_name: example.org, log_timezone: UTC}\n"
                + "database: {host: 127.0.0.1, password_env: "
                + unset
                + "}\n");
    Path report = dir.resolve("r.md");
    String log = ReplayCommandTest.oneFile(dir).toString();
    Commands.Outcome o =
        Commands.run(
            "replay",
            "--config",
            noPassword.toString(),
            "--confirm",
            "--report",
            report.toString(),
            log);
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err())
        .contains(
            "error: --confirm: database.password_env: environment variable "
                + unset
                + " is not set (the password serve uses: run replay with the service's"
                + " environment");
    assertThat(report).doesNotExist();

    Path noDatabase =
        Files.writeString(
            dir.resolve("no-db.yml"),
            "synapse: {server_name: example.org}\ndatabase: {enabled: false}\n");
    Commands.Outcome off =
        Commands.run("replay", "--config", noDatabase.toString(), "--confirm", log);
    assertThat(off.exit()).isEqualTo(2);
    assertThat(off.err()).contains("error: --confirm: database.enabled is false in the config");
  }
}
