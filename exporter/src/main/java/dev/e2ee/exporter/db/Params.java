package dev.e2ee.exporter.db;

import io.vertx.sqlclient.Tuple;

/**
 * Query parameters. {@code Tuple.of(a, b)} spreads a second array argument into its varargs, which
 * silently turns two {@code text[]} parameters into many scalars; this never does.
 */
public final class Params {
  private Params() {}

  public static Tuple of(Object... values) {
    Tuple tuple = Tuple.tuple();
    for (Object value : values) {
      tuple.addValue(value);
    }
    return tuple;
  }
}
