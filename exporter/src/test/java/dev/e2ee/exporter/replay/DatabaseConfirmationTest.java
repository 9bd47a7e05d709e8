package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.evidence.ConflictConfirmation;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.SynapsePostgres;
import dev.e2ee.exporter.testing.TestConfigs;
import dev.e2ee.exporter.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --confirm}: each stormed device's last rejected key id looked up read-only in the
 * database as it is now, or a sentence saying why it was not asked or could not be.
 */
class DatabaseConfirmationTest {
  private static final DeviceRef STORM = new DeviceRef(IncidentLog.ALICE, IncidentLog.STORM_DEVICE);

  @TempDir Path dir;

  private static ExporterConfig with(DatabaseConfig database) {
    return TestConfigs.with(TestConfigs.disabledLogs(), database);
  }

  @Test
  void withoutConfirmNothingIsAsked() {
    DatabaseConfirmation.Result r = DatabaseConfirmation.notAsked();
    assertThat(r.confirmations()).isEmpty();
    assertThat(r.note()).startsWith("Not asked: verdicts come from the log alone");
  }

  @Test
  void aConfigWithoutADatabaseIsNotAsked() throws Exception {
    DatabaseConfirmation.Result r =
        DatabaseConfirmation.confirm(TestConfigs.noSources(), Replays.incident(dir));
    assertThat(r.confirmations()).isEmpty();
    assertThat(r.note()).contains("database.enabled is false");
  }

  @Test
  void aLogWithoutRejectedUploadsIsNotAskedAbout() throws Exception {
    List<String> calm =
        new IncidentLog().lines().stream().filter(l -> !l.contains("already exists")).toList();
    DatabaseConfirmation.Result r =
        DatabaseConfirmation.confirm(with(TestConfigs.silentDatabase(1)), Replays.lines(dir, calm));
    assertThat(r.confirmations()).isEmpty();
    assertThat(r.note()).isEqualTo("Not asked: no rejected key upload to confirm.");
  }

  @Test
  void aPasswordThatCannotBeReadIsNotAskedAndSaysWhy() throws Exception {
    String unset = "SYNAPSE_E2EE_TEST_UNSET_" + System.nanoTime();
    DatabaseConfig database =
        TestDatabase.exporterConfig("127.0.0.1", 1, "synapse", "x", Optional.of(unset));
    DatabaseConfirmation.Result r =
        DatabaseConfirmation.confirm(with(database), Replays.incident(dir));
    assertThat(r.confirmations()).isEmpty();
    assertThat(r.note()).startsWith("Not asked: ").contains(unset);
  }

  @Test
  void anUnreachableDatabaseCouldNotBeAsked() throws Exception {
    DatabaseConfig database =
        TestDatabase.exporterConfig("127.0.0.1", 1, "synapse", "x", Optional.empty())
            .with(d -> d.connectTimeout = Duration.ofSeconds(2));
    DatabaseConfirmation.Result r =
        DatabaseConfirmation.confirm(with(database), Replays.incident(dir));
    assertThat(r.confirmations()).isEmpty();
    assertThat(r.note()).startsWith("Could not be asked (verdicts from the log alone): ");
  }

  @Test
  @NeedsPostgres
  void theStormsLastKeyIdIsLookedUpAsTheDatabaseHoldsItNow() throws Exception {
    ReplayRun run = Replays.incident(dir);
    TestDatabase stored = SynapsePostgres.newDatabase();
    IncidentLog.storeDivergentKey(stored.rows());
    TestDatabase empty = SynapsePostgres.newDatabase();

    DatabaseConfirmation.Result divergent =
        DatabaseConfirmation.confirm(
            with(stored.exporterConfig(stored.server().superuser(), Optional.empty())), run);
    DatabaseConfirmation.Result gone =
        DatabaseConfirmation.confirm(
            with(empty.exporterConfig(empty.server().superuser(), Optional.empty())), run);

    assertThat(divergent.confirmations()).containsOnlyKeys(STORM);
    ConflictConfirmation c = divergent.confirmations().get(STORM);
    assertThat(c.stored()).isTrue();
    assertThat(c.storedDiffersFromUpload()).isTrue();
    assertThat(c.conflict().keyId()).isEqualTo(IncidentLog.KEY_ID);
    assertThat(divergent.note())
        .startsWith("Checked read-only against database " + stored.name() + " at ")
        .endsWith("(1 devices' last rejected key ids looked up).");
    assertThat(gone.confirmations().get(STORM).stored()).isFalse();
  }
}
