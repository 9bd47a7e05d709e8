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
  private static final String TEMPLATE = "synapse_schema_template";
  private static volatile PostgresServer server;
  private static boolean templateLoaded;

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
    createDatabase(s, "CREATE DATABASE " + name + " TEMPLATE " + template(s));
    return new TestDatabase(s, name);
  }

  /**
   * The real Synapse schema is thousands of lines: loaded once into a template database, then each
   * test database is a copy of it, much cheaper than loading it again.
   */
  private static synchronized String template(PostgresServer s) {
    if (!templateLoaded) {
      createDatabase(s, "CREATE DATABASE " + TEMPLATE);
      try {
        SynapseSchema.apply(new TestDatabase(s, TEMPLATE).adminDataSource());
      } catch (SQLException e) {
        throw new IllegalStateException("cannot load the Synapse schema: " + e.getMessage(), e);
      }
      templateLoaded = true;
    }
    return TEMPLATE;
  }

  private static void createDatabase(PostgresServer s, String sql) {
    PGSimpleDataSource admin = new PGSimpleDataSource();
    admin.setServerNames(new String[] {s.host()});
    admin.setPortNumbers(new int[] {s.port()});
    admin.setDatabaseName("postgres");
    admin.setUser(s.superuser());
    admin.setPassword(s.superuserPassword());
    try (Connection c = admin.getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database: " + e.getMessage(), e);
    }
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
