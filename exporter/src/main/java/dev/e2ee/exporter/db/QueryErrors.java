package dev.e2ee.exporter.db;

import dev.e2ee.exporter.support.ErrorText;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/** Turns a failed query into a short, bounded {@code reason} label value. */
public final class QueryErrors {
  /**
   * The reasons a query can fail for, every one a series at 0 from a query's first run, so a rate()
   * over them has data before the first error. ({@code sql_<class>} for other SQLSTATE classes is
   * bounded by the ~40 classes, and appears when it happens.)
   */
  static final List<String> REASONS =
      List.of(
          "statement_timeout",
          "lock_timeout",
          "missing_table",
          "missing_column",
          "permission_denied",
          "read_only_violation",
          "recovery_conflict",
          "cancelled",
          "authentication",
          "missing_database",
          "connection",
          "timeout",
          "other");

  private QueryErrors() {}

  /** "reason: what happened", for check lines, capture bundles and status details. */
  public static String describe(Throwable error) {
    return reason(error) + ": " + ErrorText.describe(error);
  }

  public static String reason(Throwable error) {
    Throwable e = error;
    while (e != null) {
      if (e instanceof PgException pg && pg.getSqlState() != null) {
        // 57014 is both the statement timeout and a cancel request (ours when stopping, or
        // pg_cancel_backend); only the (English) message tells them apart.
        if ("57014".equals(pg.getSqlState())
            && String.valueOf(pg.getErrorMessage()).contains("user request")) {
          return "cancelled";
        }
        return fromSqlState(pg.getSqlState());
      }
      if (e instanceof TimeoutException
          || (e instanceof VertxException
              && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("timeout"))) {
        return "timeout";
      }
      if (e instanceof ConnectException
          || e instanceof ClosedChannelException
          || (e instanceof VertxException && String.valueOf(e.getMessage()).contains("closed"))) {
        return "connection";
      }
      e = e.getCause();
    }
    String message = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("connection") || message.contains("connect")) {
      return "connection";
    }
    if (message.contains("timeout") || message.contains("timed out")) {
      return "timeout";
    }
    return "other";
  }

  static String fromSqlState(String sqlState) {
    return switch (sqlState) {
      case "57014" -> "statement_timeout";
      case "55P03" -> "lock_timeout";
      case "42P01" -> "missing_table";
      case "42703" -> "missing_column";
      case "42501" -> "permission_denied";
      case "25006" -> "read_only_violation";
      // Cancelled on a hot standby because WAL replay needed the rows (recovery conflict).
      case "40001" -> "recovery_conflict";
      case "28P01", "28000" -> "authentication";
      case "3D000" -> "missing_database";
      case "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004" -> "connection";
      default -> sqlState.startsWith("08") ? "connection" : "sql_" + sqlState.substring(0, 2);
    };
  }
}
