package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.fixture.SynapseSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Synapse's schema version, read from the real schema's own {@code schema_version} table. */
class SchemaVersionCollectorTest extends CollectorHarness {
  private static final String GAUGE = "synapse_e2ee_synapse_schema_version";
  private static final PollContext ROUND = new PollContext(List.of(), NOW, false);
  private final SchemaVersionCollector collector = new SchemaVersionCollector(registry);

  @Test
  void theVersionOfTheSchemaTheFixtureWasDumpedFrom() throws Exception {
    assertThat(collector.name()).isEqualTo("schema_version");
    assertThat(run(collector, ROUND).valueOrFail(GAUGE)).isEqualTo(SynapseSchema.SCHEMA_VERSION);
  }

  @Test
  void beforeTheFirstRoundTheVersionIsUnknownNotZero() throws Exception {
    assertThat(Scrape.of(registry).valueOrFail(GAUGE)).isNaN();
  }

  @Test
  void anUpgradeIsSeenOnTheNextRound() throws Exception {
    run(collector, ROUND);
    db.execute("UPDATE schema_version SET version = version + 1");
    assertThat(run(collector, ROUND).valueOrFail(GAUGE))
        .isEqualTo(SynapseSchema.SCHEMA_VERSION + 1);
  }

  @Test
  void anEmptyTableIsUnknownNotZero() throws Exception {
    run(collector, ROUND);
    db.execute("DELETE FROM schema_version");
    assertThat(run(collector, ROUND).valueOrFail(GAUGE)).isNaN();
  }

  @Test
  void aMissingTableFailsTheCollectorAndIsCounted() throws Exception {
    db.execute("DROP TABLE schema_version");
    assertThatThrownBy(() -> run(collector, ROUND)).isNotNull();
    assertThat(metrics.errorCount("schema_version", "missing_table")).isEqualTo(1);
  }
}
