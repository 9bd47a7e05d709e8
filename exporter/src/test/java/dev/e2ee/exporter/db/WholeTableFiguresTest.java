package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole-table figures on a real Synapse database: read whole while the planner's statistics say
 * the tables are small (or have never been analysed), estimated beyond {@code maxExactRows}, and
 * each figure says which.
 */
class WholeTableFiguresTest extends CollectorHarness {
  private static final String C = "@carol:example.org";
  private static final List<String> TABLES =
      List.of("devices", "e2e_one_time_keys_json", "e2e_fallback_keys_json", "device_inbox");

  @BeforeEach
  void rows() throws Exception {
    // Autovacuum must not analyse behind the test's back: whether a table has statistics is
    // what decides between reading whole and estimating.
    for (String table : TABLES) {
      db.execute("ALTER TABLE " + table + " SET (autovacuum_enabled = off)");
    }
    db.rows()
        .device(A, "PHONE", NOW, false)
        .device(A, "LAPTOP", NOW, false)
        .device(B, "TABLET", NOW, false)
        .device(B, "DESKTOP", NOW, false)
        .device(B, "WATCH", NOW, false)
        .device(C, "CROSSSIGNING", NOW, true)
        .oneTimeKeys(A, "LAPTOP", "L", 5, NOW)
        .oneTimeKeys(B, "TABLET", "T", 12, NOW)
        .oneTimeKeys(B, "DESKTOP", "D", 60, NOW)
        .fallbackKey(A, "PHONE", "F1", true)
        .fallbackKey(A, "LAPTOP", "F2", false)
        .fallbackKey(B, "TABLET", "F3", true)
        .inboxMessage(A, "PHONE", 1, B, "m.room.encrypted")
        .inboxMessage(A, "PHONE", 2, B, "m.room.encrypted")
        .inboxMessage(A, "GONE", 3, B, "m.room.encrypted")
        .inboxMessage(A, "GONE", 4, B, "m.room.encrypted")
        .inboxMessage(C, "GONE", 5, B, "m.room_key_request");
  }

  private void analyse() {
    db.execute("ANALYZE " + String.join(", ", TABLES));
  }

  private WholeTableFigures.Result read(long maxExactRows) throws Exception {
    return new WholeTableFigures(maxExactRows).read(pool, metrics).await(20, TimeUnit.SECONDS);
  }

  private static void exact(WholeTableFigures.Figure figure, double value) {
    assertThat(figure.value()).isEqualTo(value);
    assertThat(figure.sampledFraction()).isEqualTo(1);
    assertThat(figure.exact()).isTrue();
  }

  @ParameterizedTest(name = "analysed {0}, max exact rows {1}: read whole")
  @CsvSource({"false, 0", "true, 1000", "true, 77"})
  void smallOrNeverAnalysedTablesAreReadWhole(boolean analysed, long maxExactRows)
      throws Exception {
    if (analysed) {
      analyse();
    } else {
      assertThat(
              db.queryLong(
                  "SELECT max(reltuples)::bigint FROM pg_class WHERE relname IN ('"
                      + String.join("', '", TABLES)
                      + "')"))
          .as("never analysed: the planner does not know their size")
          .isEqualTo(-1);
    }
    WholeTableFigures.Result result = read(maxExactRows);
    Map<String, WholeTableFigures.Figure> stock = result.devicesByStock();
    assertThat(stock.keySet())
        .as("hidden devices hold no keys of their own: no bucket")
        .containsExactlyElementsOf(WholeTableFigures.STOCK_BUCKETS);
    exact(stock.get("0"), 2);
    exact(stock.get("1-9"), 1);
    exact(stock.get("10-49"), 1);
    exact(stock.get("50+"), 1);
    exact(result.fallbackUsed(), 2);
    exact(result.inboxRows(), 5);
    exact(result.inboxStaleRows(), 3);
  }

  @Test
  void beyondMaxExactRowsEachFigureSaysHowItWasEstimated() throws Exception {
    analyse();
    WholeTableFigures.Result result = read(2);
    // 2 rows of 77 keys, 3 fallback keys, 5 inbox rows: that share of the pages is sampled.
    assertThat(result.devicesByStock().values())
        .allSatisfy(f -> assertThat(f.sampledFraction()).isCloseTo(2.0 / 77, Offset.offset(1e-6)));
    assertThat(result.fallbackUsed().sampledFraction()).isCloseTo(2.0 / 3, Offset.offset(1e-6));
    assertThat(result.inboxStaleRows().sampledFraction()).isCloseTo(2.0 / 5, Offset.offset(1e-6));
    assertThat(result.inboxStaleRows().exact()).isFalse();
    // The inbox total is the planner's own row count, and says so with fraction 0.
    assertThat(result.inboxRows())
        .isEqualTo(new WholeTableFigures.Figure(5, 0))
        .matches(f -> !f.exact());
    assertThat(metrics.errorCount("aggregate_inbox_stale", "other")).isZero();
  }

  @Test
  void aSampleThatHitsNoRowIsUnknownNotZero() throws Exception {
    // Statistics that claim far more rows than there are: the tiny sample finds nothing.
    analyse();
    db.execute(
        "UPDATE pg_class SET reltuples = 1e9 WHERE relname IN ('e2e_fallback_keys_json', 'device_inbox')");
    WholeTableFigures.Result result = read(2);
    assertThat(result.fallbackUsed().value()).isNaN();
    assertThat(result.inboxStaleRows().value()).isNaN();
    assertThat(result.inboxRows()).isEqualTo(new WholeTableFigures.Figure(1e9, 0));
  }
}
