package dev.e2ee.exporter.log.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.TextRecordParser;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ParseAheadTest {
  private static final String RECORD =
      "2026-11-25 21:00:00,100 - synapse.storage.SQL - 461 - INFO - R-1 - line ";

  @Test
  void batchesComeBackInTheOrderTheirLinesCame() {
    ParseAhead ahead = new ParseAhead(ParseWorkers.of(3, 5, 1 << 20));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ahead.add(RECORD + i, i < 500 ? "a" : "b", () -> new TextRecordParser(ZoneOffset.UTC));
      if (ahead.isFull()) {
        drainOne(ahead, out);
      }
    }
    while (drainOne(ahead, out)) {}
    assertThat(out).hasSize(1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(out.get(i)).isEqualTo((i < 500 ? "a:" : "b:") + RECORD + i);
    }
  }

  @Test
  void oneBatchPerThreadAndThreeMoreWait() {
    ParseAhead ahead = new ParseAhead(ParseWorkers.of(2, 5, 1 << 20));
    int added = 0;
    while (!ahead.isFull()) {
      ahead.add(RECORD + added++, "a", () -> null);
    }
    assertThat(added).isEqualTo((2 + 3) * 5); // five full batches in flight, none filling
  }

  @Test
  void aLongLineMakesABatchOfItsOwn() {
    ParseAhead ahead = new ParseAhead(ParseWorkers.of(1, 100, 1_000));
    ahead.add("x".repeat(5_000), "a", () -> null);
    ahead.add("short", "a", () -> null);
    LineBatch first = ahead.take();
    assertThat(first).isNotNull();
    assertThat(first.size()).isEqualTo(1);
    LineBatch second = ahead.take();
    assertThat(second).isNotNull();
    assertThat(second.line(0)).isEqualTo("short");
    assertThat(ahead.take()).isNull();
  }

  @Test
  void withoutACopyEveryLineIsLeftToTheStreamsParser() {
    ParseAhead ahead = new ParseAhead(ParseWorkers.of(1, 100, 1_000));
    ahead.add(RECORD + 1, "a", () -> null);
    LineBatch b = ahead.take();
    assertThat(b).isNotNull();
    assertThat(b.parsedAs()).isNull();
    assertThat(b.guess(0)).isNull();
    assertThat(b.outcome(0, new TextRecordParser(ZoneOffset.UTC))).isEqualTo(ParseOutcome.RECORD);
  }

  private static boolean drainOne(ParseAhead ahead, List<String> out) {
    @Nullable LineBatch b = ahead.take();
    if (b == null) {
      return false;
    }
    TextRecordParser own = new TextRecordParser(ZoneOffset.UTC);
    for (int i = 0; i < b.size(); i++) {
      assertThat(b.outcome(i, own)).isEqualTo(ParseOutcome.RECORD);
      assertThat(b.guess(i)).isEqualTo(ParseOutcome.RECORD);
      out.add(b.tag() + ":" + b.record(i).text());
    }
    return true;
  }
}
