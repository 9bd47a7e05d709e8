package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.SynapsePostgres;
import dev.e2ee.exporter.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The schema every DB test and the demo use must stay the shape of Synapse 1.155's tables. */
@ExtendWith(SynapsePostgres.class)
class SchemaShapeTest {

  @Test
  void columnsMatchSynapse(TestDatabase db) throws Exception {
    Set<String> expected = expectedLines("synapse-1.155-columns.txt");
    Set<String> tables =
        expected.stream().map(l -> l.substring(0, l.indexOf(' '))).collect(Collectors.toSet());
    Set<String> actual = new TreeSet<>();
    try (Connection c = db.adminDataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_name, column_name, data_type, is_nullable"
                    + " FROM information_schema.columns WHERE table_schema = 'public'")) {
      while (rs.next()) {
        if (tables.contains(rs.getString(1))) {
          actual.add(
              rs.getString(1)
                  + " "
                  + rs.getString(2)
                  + " "
                  + rs.getString(3)
                  + " "
                  + rs.getString(4));
        }
      }
    }
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void uniqueConstraintsAndIndexesMatchSynapse(TestDatabase db) throws Exception {
    Set<String> expected = expectedLines("synapse-1.155-indexes.txt");
    Set<String> actual = new TreeSet<>();
    String sql =
        "SELECT t.relname, ix.indisunique,"
            + " string_agg(a.attname, ',' ORDER BY k.ord)"
            + " FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
            + " CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)"
            + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum"
            + " WHERE n.nspname = 'public' GROUP BY t.relname, ix.indexrelid, ix.indisunique";
    try (Connection c = db.adminDataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        actual.add(
            rs.getString(1)
                + " "
                + (rs.getBoolean(2) ? "unique" : "index")
                + " "
                + rs.getString(3));
      }
    }
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void schemaVersionIsSynapse1155(TestDatabase db) {
    assertThat(db.queryLong("SELECT version FROM schema_version")).isEqualTo(93);
  }

  private static Set<String> expectedLines(String resource) throws IOException {
    try (InputStream in = SchemaShapeTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
