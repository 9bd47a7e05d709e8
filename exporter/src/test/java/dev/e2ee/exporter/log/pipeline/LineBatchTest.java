package dev.e2ee.exporter.log.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.SyslogRecordParser;
import dev.e2ee.exporter.log.parse.TextRecordParser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A batch of lines parsed ahead and adopted, or parsed again, in order. The lines are Synapse
 * 1.160.0's (replay/real-synapse/homeserver.log).
 */
class LineBatchTest {
  private static final String UPLOADER =
      "2026-12-06 06:55:43,573 - synapse.handlers.e2e_keys - 955 - INFO - POST-36 - Adding"
          + " one_time_keys dict_keys(['signed_curve25519:AAAAAAAAAAE',"
          + " 'signed_curve25519:AAAAAAAAAAEx']) for device 'STORMDESKTOP' for user"
          + " '@storm:compat.test' at 1796540143557";
  private static final String TRACEBACK = "Traceback (most recent call last):";

  /** What the step saw: the request of every record it was given. */
  private final List<String> stepped = new ArrayList<>();

  private final RecordStep step =
      r -> {
        stepped.add(r.request());
        return "facts of " + r.request();
      };

  private LineBatch batch(int capacity) {
    return new LineBatch(capacity, "homeserver.log", new TextRecordParser(ZoneOffset.UTC), step);
  }

  @ParameterizedTest(name = "{2} lines of {3} chars at most {0} lines / {1} chars: full {4}")
  @CsvSource({
    "3, 1000, 2, 10, false",
    "3, 1000, 3, 10, true",
    "100, 30, 2, 10, false",
    "100, 30, 3, 10, true",
    "100, 30, 1, 30, true"
  })
  void fullAtTheLineOrCharacterLimit(
      int maxLines, long maxChars, int lines, int chars, boolean full) {
    LineBatch b = batch(1); // grows past its first capacity
    for (int i = 0; i < lines; i++) {
      b.add("x".repeat(chars));
    }
    assertThat(b.isFull(maxLines, maxChars)).isEqualTo(full);
    assertThat(b.size()).isEqualTo(lines);
  }

  @Test
  void emptyUntilItCarriesALineAChunkOrAMarker() {
    assertThat(batch(4).isEmpty()).isTrue();
    LineBatch withLine = batch(4);
    withLine.add(UPLOADER);
    assertThat(withLine.isEmpty()).isFalse();
    LineBatch withMarker = batch(4);
    withMarker.after("read error");
    assertThat(withMarker.isEmpty()).isFalse();
    assertThat(withMarker.after()).isEqualTo("read error");
    LineBatch withChunk = batch(4);
    withChunk.addChunk(chunk(UPLOADER + "\n"));
    assertThat(withChunk.isEmpty()).isFalse();
  }

  @Test
  void theWorkerParsesEveryLineAndTheSameLayoutAdoptsIt() {
    LineBatch b = batch(1);
    b.add(UPLOADER, false, false);
    b.add(TRACEBACK, true, true);
    b.add(UPLOADER.replace("POST-36", "POST-37"), false, true);

    b.parse();

    assertThat(List.of(b.cutLines(), b.invalidUtf8Lines())).containsExactly(1, 2);
    assertThat(b.parsedAs()).isEqualTo(new TextRecordParser(ZoneOffset.UTC).layout());
    assertThat(List.of(b.guess(0), b.guess(1), b.guess(2)))
        .containsExactly(ParseOutcome.RECORD, ParseOutcome.CONTINUATION, ParseOutcome.RECORD);
    assertThat(stepped).as("the step runs on records only").containsExactly("POST-36", "POST-37");
    TextRecordParser own = new TextRecordParser(ZoneOffset.UTC);
    assertThat(b.outcome(0, own)).isEqualTo(ParseOutcome.RECORD);
    assertThat(b.record(0).request()).isEqualTo("POST-36");
    assertThat(b.facts(0)).isEqualTo("facts of POST-36");
    assertThat(b.outcome(1, own)).isEqualTo(ParseOutcome.CONTINUATION);
    assertThat(b.facts(1)).isNull();
    assertThat(b.tag()).isEqualTo("homeserver.log");
  }

  @Test
  void anotherLayoutParsesTheLineAgainAndDropsTheWorkersFacts() {
    LineBatch b = batch(4);
    b.add(UPLOADER);
    b.parse();
    assertThat(b.facts(0)).isNotNull();

    ParseOutcome own = b.outcome(0, new SyslogRecordParser(ZoneOffset.UTC, Clock.systemUTC()));

    LogRecord expected = new LogRecord();
    assertThat(own)
        .isEqualTo(
            new SyslogRecordParser(ZoneOffset.UTC, Clock.systemUTC()).parse(UPLOADER, expected));
    assertThat(own).isNotEqualTo(ParseOutcome.RECORD);
    assertThat(b.facts(0)).isNull();
  }

  @Test
  void withoutACopyNothingIsGuessedAndTheStreamsParserParses() {
    LineBatch b = new LineBatch(4, "homeserver.log", null, step);
    b.add(UPLOADER);
    b.parse();

    assertThat(b.parsedAs()).isNull();
    assertThat(b.guess(0)).isNull();
    assertThat(stepped).isEmpty();
    assertThat(b.outcome(0, new TextRecordParser(ZoneOffset.UTC))).isEqualTo(ParseOutcome.RECORD);
    assertThat(b.record(0).request()).isEqualTo("POST-36");
  }

  @Test
  void aChunkIsSplitIntoItsLinesAfterTheAssembledOnes() {
    LineBatch b = batch(1);
    b.add(TRACEBACK);
    b.addChunk(chunk(UPLOADER + "\n" + TRACEBACK + "\n"));

    b.parse();

    assertThat(b.size()).isEqualTo(3);
    assertThat(List.of(b.line(0), b.line(1), b.line(2)))
        .containsExactly(TRACEBACK, UPLOADER, TRACEBACK);
    assertThat(b.guess(1)).isEqualTo(ParseOutcome.RECORD);
  }

  private static LineChunk chunk(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new LineChunk(bytes, 0, bytes.length, 1 << 16, done -> {});
  }
}
