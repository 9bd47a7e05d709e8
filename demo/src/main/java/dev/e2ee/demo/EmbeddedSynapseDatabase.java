package dev.e2ee.demo;

import dev.e2ee.fixture.SynapseSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * An embedded PostgreSQL 17 on loopback holding a database named {@code synapse} with the Synapse
 * schema: what the demo polls. Tests use the same schema through their own fixture.
 */
public final class EmbeddedSynapseDatabase implements AutoCloseable {
  public static final String DATABASE = "synapse";
  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedSynapseDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedSynapseDatabase start(Path dataDirectory) throws IOException, SQLException {
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false) // DemoEnvironment deletes its whole folder
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("max_connections", "20")
            // A throwaway database: loading the real Synapse schema (thousands of statements)
            // with fsync on costs seconds per demo start and buys nothing here.
            .setServerConfig("fsync", "off")
            .setPGStartupWait(Duration.ofSeconds(60))
            // DemoEnvironment stops it; a second, concurrent stop from zonky's own hook would let
            // the folder be deleted while PostgreSQL is still writing into it.
            .setRegisterShutdownHook(false)
            .start();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    }
    EmbeddedSynapseDatabase db = new EmbeddedSynapseDatabase(postgres);
    SynapseSchema.apply(db.dataSource());
    return db;
  }

  public DataSource dataSource() {
    return postgres.getDatabase(USER, DATABASE);
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
