package dev.e2ee.exporter.db;

import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.support.ErrorText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What {@code check} asks the database, through the exporter's own read-only connection: reachable,
 * Synapse's schema version, every table and column the collectors read, SELECT granted, the session
 * read-only - and, from the catalog only (never by trying), that the role cannot write to those
 * tables.
 */
public final class DatabaseCheck {
  /** One line of the check's report. */
  public record Line(Level level, String subject, String message) {}

  public enum Level {
    OK,
    WARN,
    FAIL
  }

  private DatabaseCheck() {}

  public static List<Line> run(
      Vertx vertx, DatabaseConfig config, Map<String, String> environment) {
    List<Line> lines = new ArrayList<>();
    Pool pool = ReadOnlyPool.create(vertx, config, environment);
    try {
      String target =
          config.user() + "@" + config.host() + ":" + config.port() + "/" + config.name();
      Row session =
          one(
              pool,
              "SELECT current_setting('transaction_read_only') AS ro, current_user AS who,"
                  + " (SELECT max(version) FROM schema_version) AS schema_version, "
                  + ReplicaStatus.COLUMNS,
              lines,
              target);
      if (session == null) {
        return lines;
      }
      lines.add(
          new Line(
              Level.OK,
              "database",
              "reachable as " + session.getString("who") + " (" + target + ")"));
      lines.add(
          "on".equals(session.getString("ro"))
              ? new Line(Level.OK, "read-only session", "default_transaction_read_only is on")
              : new Line(
                  Level.FAIL,
                  "read-only session",
                  "the session can write; a pooler or setting overrides default_transaction_read_only"));
      lines.add(
          new Line(
              Level.OK, "synapse schema", "schema_version " + session.getValue("schema_version")));
      lines.add(replicaLine(ReplicaStatus.from(session), config.pollInterval().toMillis()));
      for (Map.Entry<String, List<String>> table : RequiredSchema.COLUMNS.entrySet()) {
        lines.add(checkTable(pool, table.getKey(), table.getValue()));
      }
    } finally {
      try {
        pool.close().await(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // closing a pool that never connected
      }
    }
    return lines;
  }

  /** A standby is fine to poll; one trailing by more than a poll interval is worth a warning. */
  static Line replicaLine(ReplicaStatus replica, long pollIntervalMillis) {
    if (replica.standby() && replica.lagSeconds() * 1000 > pollIntervalMillis) {
      return new Line(
          Level.WARN,
          "server",
          replica.describe()
              + ": more than database.poll_interval behind, so verdicts will say their database"
              + " evidence is as of the replica's replay time");
    }
    return new Line(Level.OK, "server", replica.describe());
  }

  private static Line checkTable(Pool pool, String table, List<String> columns) {
    String subject = "table " + table;
    Row row;
    try {
      row =
          pool.preparedQuery(
                  "SELECT to_regclass($1) IS NOT NULL AS present,"
                      + " (SELECT array_agg(column_name::text) FROM information_schema.columns"
                      + "   WHERE table_schema = 'public' AND table_name = $2) AS columns")
              .execute(Params.of("public." + table, table))
              .await(10, TimeUnit.SECONDS)
              .iterator()
              .next();
    } catch (Exception e) {
      return new Line(Level.FAIL, subject, QueryErrors.describe(e));
    }
    if (!Boolean.TRUE.equals(row.getBoolean("present"))) {
      return RequiredSchema.OPTIONAL.contains(table)
          ? new Line(
              Level.WARN, subject, "missing (Synapse older than 1.116?): its collector stays off")
          : new Line(Level.FAIL, subject, "missing: is this Synapse's database? (database.name)");
    }
    String[] present = row.getArrayOfStrings("columns");
    List<String> missing = new ArrayList<>(columns);
    if (present != null) {
      missing.removeAll(List.of(present));
    }
    if (!missing.isEmpty()) {
      return new Line(
          Level.FAIL, subject, "missing columns " + missing + ": an unsupported Synapse version");
    }
    Row privileges;
    try {
      // Privilege names in lower case (PostgreSQL accepts either): this is a catalog question,
      // and upper-case write keywords in this code base should only ever mean a write.
      privileges =
          pool.preparedQuery(
                  "SELECT has_table_privilege($1, 'select') AS sel,"
                      + " has_table_privilege($1, 'insert') OR has_table_privilege($1, 'update')"
                      + " OR has_table_privilege($1, 'delete') OR has_table_privilege($1, 'truncate') AS writes")
              .execute(Params.of("public." + table))
              .await(10, TimeUnit.SECONDS)
              .iterator()
              .next();
    } catch (Exception e) {
      return new Line(Level.FAIL, subject, QueryErrors.describe(e));
    }
    if (!Boolean.TRUE.equals(privileges.getBoolean("sel"))) {
      return new Line(Level.FAIL, subject, "no SELECT: run deploy/postgres/readonly-role.sql");
    }
    if (Boolean.TRUE.equals(privileges.getBoolean("writes"))) {
      return new Line(
          Level.FAIL,
          subject,
          "the role may write to it: use the SELECT-only role of deploy/postgres/readonly-role.sql");
    }
    return new Line(Level.OK, subject, "columns present, SELECT only");
  }

  private static @Nullable Row one(Pool pool, String sql, List<Line> lines, String target) {
    try {
      Future<RowSet<Row>> rows = pool.query(sql).execute();
      return rows.await(15, TimeUnit.SECONDS).iterator().next();
    } catch (Exception e) {
      String reason = QueryErrors.reason(e);
      String fix =
          switch (reason) {
            case "connection" ->
                "check database.host/port, pg_hba.conf (deploy/postgres/pg_hba.conf.snippet) and firewalls";
            case "authentication" ->
                "check the password (database.password_env / password_file) and the role";
            case "missing_table" -> "schema_version is missing: is this Synapse's database?";
            default -> "see the message";
          };
      lines.add(
          new Line(
              Level.FAIL,
              "database",
              target + ": " + reason + ": " + ErrorText.describe(e) + " (fix: " + fix + ")"));
      return null;
    }
  }
}
