package dev.e2ee.exporter.testing;

import dev.e2ee.fixture.SynapseSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * JUnit 5 extension: {@code @ExtendWith(SynapsePostgres.class)} and a {@link TestDatabase}
 * parameter give a test class its own database with the Synapse schema on a real PostgreSQL 17. The
 * server is started once per JVM and stopped when the JVM ends.
 */
public final class SynapsePostgres implements BeforeAllCallback, ParameterResolver {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static volatile PostgresServer server;

  public static synchronized PostgresServer server() {
    if (server == null) {
      PostgresServer started = PostgresServer.start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-postgres-stop"));
      server = started;
    }
    return server;
  }

  /** A new database with the Synapse schema loaded. */
  public static TestDatabase newDatabase() {
    PostgresServer s = server();
    String name = "synapse_test_" + DATABASES.incrementAndGet();
    PGSimpleDataSource admin = new PGSimpleDataSource();
    admin.setServerNames(new String[] {s.host()});
    admin.setPortNumbers(new int[] {s.port()});
    admin.setDatabaseName("postgres");
    admin.setUser(s.superuser());
    admin.setPassword(s.superuserPassword());
    try (Connection c = admin.getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database: " + e.getMessage(), e);
    }
    TestDatabase db = new TestDatabase(s, name);
    try {
      SynapseSchema.apply(db.adminDataSource());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot load the Synapse schema: " + e.getMessage(), e);
    }
    return db;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getStore(
            ExtensionContext.Namespace.create(
                SynapsePostgres.class, context.getRequiredTestClass()))
        .computeIfAbsent("db", k -> newDatabase(), TestDatabase.class);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getStore(
            ExtensionContext.Namespace.create(
                SynapsePostgres.class, context.getRequiredTestClass()))
        .computeIfAbsent("db", k -> newDatabase(), TestDatabase.class);
  }
}
