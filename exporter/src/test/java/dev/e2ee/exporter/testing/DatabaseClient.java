package dev.e2ee.exporter.testing;

import dev.e2ee.exporter.db.ReadOnlyPool;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A fresh Synapse-shaped database and the exporter's own read-only pool on it, for collector tests.
 */
public final class DatabaseClient implements AutoCloseable {
  public final TestDatabase db;
  public final Vertx vertx;
  public final Pool pool;

  private DatabaseClient(TestDatabase db, Vertx vertx, Pool pool) {
    this.db = db;
    this.vertx = vertx;
    this.pool = pool;
  }

  public static DatabaseClient onNewDatabase() {
    TestDatabase db = SynapsePostgres.newDatabase();
    Vertx vertx = Vertx.vertx();
    return new DatabaseClient(
        db,
        vertx,
        ReadOnlyPool.create(
            vertx, db.exporterConfig(db.server().superuser(), Optional.empty()), Map.of()));
  }

  @Override
  public void close() throws TimeoutException {
    pool.close().await(5, TimeUnit.SECONDS);
    vertx.close().await(5, TimeUnit.SECONDS);
  }
}
