package dev.e2ee.exporter.log.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The questions the counting asks a record, on a KE-1 rejection of the Synapse 1.160.0 log
 * (replay/real-synapse/homeserver.log): each looks only inside its own field of the line.
 */
class LogRecordTest {
  static final String REJECTION =
      "2026-12-06 06:55:43,615 - synapse.http.server - 132 - INFO - POST-36 - <SynapseRequest at"
          + " 0x7fc942273890 method='POST' uri='/_matrix/client/v3/keys/upload'"
          + " clientproto='HTTP/1.1' site='18108'> SynapseError: 400 - One time key"
          + " signed_curve25519:AAAAAAAAAAE already exists.";

  static LogRecord parsed(String line) {
    LogRecord r = new LogRecord();
    assertThat(new TextRecordParser(ZoneOffset.UTC).parse(line, r)).isEqualTo(ParseOutcome.RECORD);
    return r;
  }

  @Test
  void theLoggerAndLevelAreMatchedWholeOrByPrefix() {
    LogRecord r = parsed(REJECTION);
    assertThat(r.loggerIs("synapse.http.server")).isTrue();
    assertThat(r.loggerIs("synapse.http")).isFalse();
    assertThat(r.loggerIs("synapse.http.server.x")).isFalse();
    assertThat(r.loggerStartsWith("synapse.http.")).isTrue();
    assertThat(r.loggerStartsWith("synapse.access.")).isFalse();
    assertThat(r.levelIs("INFO")).isTrue();
    assertThat(r.levelIs("INF")).isFalse();
    assertThat(r.request()).isEqualTo("POST-36");
    assertThat(r.worker()).isNull();
  }

  @Test
  void theMessageIsSearchedWithinItsOwnBounds() {
    LogRecord r = parsed(REJECTION);
    assertThat(r.messageStartsWith("<SynapseRequest at ")).isTrue();
    assertThat(r.messageStartsWith("synapse.http.server")).isFalse();
    int at = r.messageIndexOf("One time key ");
    assertThat(REJECTION.substring(at)).startsWith("One time key signed_curve25519");
    assertThat(r.messageIndexOf("POST-36"))
        .as("the request field is not the message")
        .isEqualTo(-1);
    assertThat(r.text().substring(r.messageStart(), r.messageEnd())).isEqualTo(r.message());
    assertThat(r.messageEnd()).isEqualTo(REJECTION.length());
  }

  @Test
  void aWorkerPrefixIsKept() {
    LogRecord r = parsed("synapse_2   | " + REJECTION);
    assertThat(r.worker()).isEqualTo("synapse_2");
    assertThat(r.loggerIs("synapse.http.server")).isTrue();
  }
}
