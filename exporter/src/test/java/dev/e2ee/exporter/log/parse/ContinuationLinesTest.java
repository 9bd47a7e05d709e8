package dev.e2ee.exporter.log.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Which record messages announce unindented lines of their own (pydantic's error lists). */
class ContinuationLinesTest {
  private static int announced(String message) {
    LogRecord r = new LogRecord();
    ParseOutcome outcome =
        new TextRecordParser(ZoneOffset.UTC)
            .parse(
                "2026-12-05 10:00:05,100 - synapse.http.server - 130 - INFO - POST-9 - " + message,
                r);
    assertThat(outcome).isEqualTo(ParseOutcome.RECORD);
    return ContinuationLines.announcedLines(r);
  }

  @Test
  void pydanticsErrorCountIsTheNumberOfLocationLines() {
    assertThat(announced("<R> SynapseError: 400 - 2 validation errors for KeyUploadRequestBody"))
        .isEqualTo(2);
    assertThat(announced("<R> SynapseError: 400 - 1 validation error for KeyUploadRequestBody"))
        .isEqualTo(1);
  }

  @Test
  void otherMessagesAnnounceNothing() {
    assertThat(announced("<R> SynapseError: 400 - One time key a:B already exists.")).isZero();
    assertThat(announced("<R> SynapseError: 400 - validation errors for X")).isZero();
    assertThat(announced("<R> SynapseError: 400 - 2 validation errors for X and more")).isZero();
    assertThat(announced("<R> SynapseError: 400 - x2 validation errors for X")).isZero();
    assertThat(announced("<R> SynapseError: 400 - 12345 validation errors for X")).isZero();
  }
}
