package dev.e2ee.exporter.db;

/**
 * When a query over a whole table reads it whole and when it reads a page sample instead: beyond
 * {@code maxExactRows} rows by the planner's statistics ({@code pg_class.reltuples}) a sample of
 * about {@code maxExactRows} rows. A table never analysed (reltuples -1) is read whole: its size is
 * unknown, so no sample size can be chosen.
 */
record SampleSize(long maxExactRows) {
  /** The planner's row count of one table: -1 when never analysed or absent. */
  static final String TABLE_ROWS =
      "SELECT coalesce((SELECT reltuples::float8 FROM pg_class WHERE oid = to_regclass($1)), -1)"
          + " AS row_estimate";

  boolean estimate(double tableRows) {
    return tableRows > maxExactRows;
  }

  /** The percent of pages to sample so that about {@code maxExactRows} rows are read. */
  double percent(double tableRows) {
    return Math.max(0.0001, 100.0 * maxExactRows / tableRows);
  }
}
