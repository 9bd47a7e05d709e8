package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.SynapsePostgres;
import dev.e2ee.exporter.testing.TestDatabase;
import dev.e2ee.fixture.SynapseSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fixture schema is a real Synapse's (compat/env/refresh-schema.sh dumps it), and every table
 * and column the exporter's queries name ({@link RequiredSchema}) exists in it. When Synapse drops
 * or renames one, refreshing the dump makes this test fail before an operator's {@code check} does.
 */
@ExtendWith(SynapsePostgres.class)
@NeedsPostgres
class RealSchemaTest {
  private static final Pattern HEADER =
      Pattern.compile(
          "\\A-- The schema of a real Synapse (\\S+) \\(Debian sid package matrix-synapse \\S+\\) on\\n"
              + "-- PostgreSQL [^:]+: schema_version (\\d+), schema_compat_version \\d+\\.\\n");

  @Test
  void theFixtureNamesTheSynapseItWasDumpedFrom(TestDatabase db) {
    Matcher header = HEADER.matcher(SynapseSchema.sql());
    assertThat(header.find()).as("refresh-schema.sh's header").isTrue();
    assertThat(header.group(1)).isEqualTo(SynapseSchema.SYNAPSE_VERSION);
    assertThat(Integer.parseInt(header.group(2))).isEqualTo(SynapseSchema.SCHEMA_VERSION);
    assertThat(db.queryLong("SELECT version FROM schema_version"))
        .isEqualTo(SynapseSchema.SCHEMA_VERSION);
  }

  @Test
  void everyColumnTheExporterReadsExists(TestDatabase db) throws Exception {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, List<String>> table : RequiredSchema.COLUMNS.entrySet()) {
      List<String> present = columns(db, table.getKey());
      if (present.isEmpty()) {
        missing.add(table.getKey() + " (table)");
      }
      for (String column : table.getValue()) {
        if (!present.isEmpty() && !present.contains(column)) {
          missing.add(table.getKey() + "." + column);
        }
      }
    }
    assertThat(missing).as("RequiredSchema names these, the real schema lacks them").isEmpty();
  }

  @Test
  void theOptionalTablesExistInThisSynapse(TestDatabase db) throws Exception {
    // OPTIONAL only excuses older Synapse versions; the one the fixture comes from has them all.
    for (String table : RequiredSchema.OPTIONAL) {
      assertThat(columns(db, table)).as(table).isNotEmpty();
    }
  }

  @Test
  void aTableMissingFromTheSchemaWouldBeReported(TestDatabase db) throws Exception {
    // The check above must be able to fail: a name the real schema does not have is not found.
    assertThat(columns(db, "e2e_one_time_keys_json")).contains("key_json");
    assertThat(columns(db, "no_such_synapse_table")).isEmpty();
  }

  private static List<String> columns(TestDatabase db, String table) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = db.adminDataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT column_name FROM information_schema.columns"
                    + " WHERE table_schema = 'public' AND table_name = ?")) {
      s.setString(1, table);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }
}
