package dev.e2ee.exporter.testing;

import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.config.SslMode;
import dev.e2ee.fixture.SynapseRows;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A freshly created database holding the Synapse schema, private to one test class. */
public final class TestDatabase {
  private final PostgresServer server;
  private final String name;

  TestDatabase(PostgresServer server, String name) {
    this.server = server;
    this.name = name;
  }

  public String name() {
    return name;
  }

  public PostgresServer server() {
    return server;
  }

  /** Superuser access, for arranging fixtures; the exporter under test never gets this. */
  public DataSource adminDataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {server.host()});
    ds.setPortNumbers(new int[] {server.port()});
    ds.setDatabaseName(name);
    ds.setUser(server.superuser());
    ds.setPassword(server.superuserPassword());
    return ds;
  }

  public SynapseRows rows() {
    return new SynapseRows(adminDataSource());
  }

  /** Runs a statement as superuser (fixture setup, never the code under test). */
  public void execute(String sql) {
    try (Connection c = adminDataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public long queryLong(String sql) {
    try (Connection c = adminDataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** Exporter database settings pointing at this database as the given user. */
  public DatabaseConfig exporterConfig(String user, Optional<String> passwordEnv) {
    return exporterConfig(server.host(), server.port(), name, user, passwordEnv);
  }

  /** The tests' database settings (short timeouts, plain TCP) for any PostgreSQL. */
  public static DatabaseConfig exporterConfig(
      String host, int port, String database, String user, Optional<String> passwordEnv) {
    return DatabaseConfig.DEFAULTS.with(
        d -> {
          d.host = host;
          d.port = port;
          d.name = database;
          d.user = user;
          d.passwordEnv = passwordEnv;
          d.sslMode = SslMode.DISABLE;
          d.pollInterval = Duration.ofSeconds(1);
          d.statementTimeout = Duration.ofSeconds(2);
          d.lockTimeout = Duration.ofMillis(500);
          d.connectTimeout = Duration.ofSeconds(2);
        });
  }
}
