package dev.e2ee.exporter.db;

import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.config.Secrets;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Map;

/**
 * Builds the connection pool. Every session is opened read-only by PostgreSQL itself ({@code
 * default_transaction_read_only} in the startup packet), so no statement the exporter could ever
 * send - by bug or by injection - can change Synapse's crypto tables. The timeouts keep a slow or
 * locked table from holding a connection (or a lock queue) long.
 */
public final class ReadOnlyPool {
  public static final String APPLICATION_NAME = "synapse-e2ee-exporter";

  private ReadOnlyPool() {}

  public static PgConnectOptions connectOptions(
      DatabaseConfig db, Map<String, String> environment) {
    PgConnectOptions options =
        new PgConnectOptions()
            .setHost(db.host())
            .setPort(db.port())
            .setDatabase(db.name())
            .setUser(db.user())
            .setPassword(Secrets.databasePassword(db, environment))
            .setSslMode(SslMode.of(db.sslMode().toString()))
            .setReconnectAttempts(0);
    options.addProperty("application_name", APPLICATION_NAME);
    options.addProperty("default_transaction_read_only", "on");
    options.addProperty("statement_timeout", Long.toString(db.statementTimeout().toMillis()));
    options.addProperty("lock_timeout", Long.toString(db.lockTimeout().toMillis()));
    options.addProperty(
        "idle_in_transaction_session_timeout", Long.toString(db.statementTimeout().toMillis() * 2));
    ClientSSLOptions ssl = new ClientSSLOptions();
    switch (db.sslMode()) {
      case VERIFY_FULL ->
          ssl.setHostnameVerificationAlgorithm("HTTPS")
              .setTrustOptions(
                  new PemTrustOptions().addCertPath(db.sslRootCert().orElseThrow().toString()));
      case VERIFY_CA ->
          ssl.setHostnameVerificationAlgorithm("")
              .setTrustOptions(
                  new PemTrustOptions().addCertPath(db.sslRootCert().orElseThrow().toString()));
      // libpq's require/prefer/allow encrypt without verifying the server, and so do we.
      default -> ssl.setTrustAll(true).setHostnameVerificationAlgorithm("");
    }
    options.setSslOptions(ssl);
    return options;
  }

  public static Pool create(Vertx vertx, DatabaseConfig db, Map<String, String> environment) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(db.poolSize()).setName(APPLICATION_NAME))
        .with(new NetClientOptions().setConnectTimeout((int) db.connectTimeout().toMillis()))
        .connectingTo(connectOptions(db, environment))
        .using(vertx)
        .build();
  }
}
