package dev.e2ee.exporter.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The Synapse-shaped schema shared by the demo and the database tests. */
public final class SynapseSchema {
  private static final String RESOURCE = "/dev/e2ee/exporter/demo/synapse-schema.sql";

  private SynapseSchema() {}

  public static String sql() {
    try (InputStream in = SynapseSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing from the jar: " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void apply(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql());
    }
  }
}
