package dev.e2ee.exporter.db;

/** The exporter's SQL as JDBC takes it, for the benchmark to run the very text the poller runs. */
final class JdbcSql {
  private JdbcSql() {}

  /** The exporter's SQL numbers its parameters ($1) in order; JDBC wants '?'. */
  static String of(String sql) {
    return sql.replaceAll("\\$\\d+", "?");
  }
}
