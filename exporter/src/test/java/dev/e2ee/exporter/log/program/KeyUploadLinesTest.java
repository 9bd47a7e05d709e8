package dev.e2ee.exporter.log.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.TextRecordParser;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The KE-1 lines as the program hands them over, from Synapse 1.160.0's real log
 * (replay/real-synapse/homeserver.log): POST-27, Alice's accepted upload from Element X, its
 * uploader line and its access line.
 */
class KeyUploadLinesTest {
  private static final String FILE = "homeserver.log";
  private final UploadOutcomesTest.Parts parts = new UploadOutcomesTest.Parts();
  private final KeyUploadLines lines =
      new KeyUploadLines(
          parts.outcomes,
          parts.metrics,
          new PipelineMetrics(parts.registry),
          parts.ids,
          parts.clock);

  /** POST-27's line of {@code logger}, its request id replaced by {@code request}. */
  private static LogRecord post27(String logger, String request) {
    String line =
        LogProgramTest.REAL.stream()
            .filter(l -> l.contains(" - " + logger + " - ") && l.contains(" - POST-27 - "))
            .findFirst()
            .orElseThrow()
            .replace(" - POST-27 - ", " - " + request + " - ");
    LogRecord record = new LogRecord();
    assertThat(new TextRecordParser(ZoneOffset.UTC).parse(line, record))
        .isEqualTo(ParseOutcome.RECORD);
    return record;
  }

  private static RecordFacts facts(LogRecord record) {
    return (RecordFacts) Objects.requireNonNull(RecordFacts.STEP.of(record));
  }

  private double unparsed(String kind) {
    return parts
        .scrape()
        .valueOrFail("synapse_e2ee_log_messages_unparsed_total{kind=\"" + kind + "\"}");
  }

  @ParameterizedTest(name = "request id \"{0}\": {1}")
  @CsvSource({
    "POST-27, 'ok ALICEXANDROID'",
    "None, 'incomplete ALICEXANDROID, ok unknown'",
    "sentinel, 'incomplete ALICEXANDROID, ok unknown'"
  })
  void linesJoinByRequestIdAndLinesWithoutOneStandAlone(String request, String uploads) {
    LogRecord uploader = post27("synapse.handlers.e2e_keys", request);
    RecordFacts uploaderFacts = facts(uploader);
    lines.uploader(
        FILE, uploader, uploaderFacts.request, Objects.requireNonNull(uploaderFacts.uploader));
    LogRecord access = post27("synapse.access.http.18108", request);
    RecordFacts accessFacts = facts(access);
    lines.access(
        FILE,
        access,
        accessFacts.request,
        Objects.requireNonNull(accessFacts.access),
        accessFacts.userAgent);
    lines.flush();

    assertThat(parts.finished)
        .extracting(u -> u.outcome() + " " + u.deviceLabel())
        .containsExactlyInAnyOrderElementsOf(Arrays.asList(uploads.split(", ")));
    assertThat(parts.finished)
        .allSatisfy(u -> assertThat(u.userId()).isEqualTo("@alice:compat.test"));
  }

  @ParameterizedTest(name = "{0} (unread {1}): {2} claims")
  @CsvSource({
    "'@alice:compat.test ALICEXANDROID @bob:compat.test BOBPHONE', 0, 2",
    "'@alice:compat.test ALICEXANDROID @bob:compat.test', 1, 1",
    "'', 3, 0"
  })
  void eachClaimedDeviceIsCountedAndEntriesNotReadAreCountedAsUnparsed(
      String pairs, int unread, int claims) {
    lines.claims(pairs.isEmpty() ? List.of() : List.of(pairs.split(" ")), unread);
    assertThat(parts.scrape().countSeries("synapse_e2ee_otk_claims_total{")).isEqualTo(claims);
    if (claims > 0) {
      assertThat(
              parts
                  .scrape()
                  .valueOrFail(
                      "synapse_e2ee_otk_claims_total{device=\"ALICEXANDROID\","
                          + "user=\"@alice:compat.test\"}"))
          .isEqualTo(1);
    }
    assertThat(unparsed("otk_claim")).isEqualTo(unread);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = RecordFacts.Kind.class,
      names = {"UPLOADER_UNPARSED", "CONFLICT_UNPARSED"})
  void aKe1LineOfAnUnexpectedShapeIsCountedByItsKind(RecordFacts.Kind kind) {
    lines.unparsed(kind);
    boolean uploader = kind == RecordFacts.Kind.UPLOADER_UNPARSED;
    assertThat(unparsed("key_upload")).isEqualTo(uploader ? 1 : 0);
    assertThat(unparsed("otk_conflict")).isEqualTo(uploader ? 0 : 1);
    assertThat(parts.finished).as("nothing guessed from it").isEmpty();
  }

  @Test
  void onlyKe1KindsAreUnparsedKe1Lines() {
    assertThatThrownBy(() -> lines.unparsed(RecordFacts.Kind.ACCESS_UNPARSED))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
