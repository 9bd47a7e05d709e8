package dev.e2ee.exporter.log.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.log.parse.DelayedAction;
import dev.e2ee.exporter.log.parse.Endpoint;
import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.TextRecordParser;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * What the program reads from one record alone, before counting: the kind of line and its fields.
 */
class RecordFactsTest {
  private static final String AT = "2026-11-25 21:00:00,100 - ";

  private static RecordFacts read(String line) {
    LogRecord record = new LogRecord();
    assertThat(new TextRecordParser(ZoneOffset.UTC).parse(line, record))
        .isEqualTo(ParseOutcome.RECORD);
    Object facts = RecordFacts.STEP.of(record);
    assertThat(facts).isInstanceOf(RecordFacts.class);
    return (RecordFacts) facts;
  }

  private static String access(String requester, String status, String request) {
    return AT
        + "synapse.access.http.8008 - 461 - INFO - PUT-1 - 10.0.0.1 - 8008 - {"
        + requester
        + "} Processed request: 0.012sec/0.001sec (0.008sec, 0.001sec) (0.000sec/0.004sec/2) 63B "
        + status
        + " \""
        + request
        + " HTTP/1.1\" \"Element/1.11 (Android)\" [0 dbevts]";
  }

  @Test
  void anAccessLineIsParsedAndClassified() {
    RecordFacts f =
        read(access("@a:hs", "200", "PUT /_matrix/client/v3/sendToDevice/m.room.encrypted/t1"));
    assertThat(f.kind).isEqualTo(RecordFacts.Kind.ACCESS);
    assertThat(f.endpoint).isEqualTo(Endpoint.SEND_TO_DEVICE);
    assertThat(f.toDeviceType).isEqualTo("m.room.encrypted");
    assertThat(Objects.requireNonNull(f.access).status()).isEqualTo(200);
    assertThat(f.userAgent).as("read for key uploads only").isNull();
    RecordFacts upload = read(access("@a:hs", "200", "POST /_matrix/client/v3/keys/upload"));
    assertThat(upload.endpoint).isEqualTo(Endpoint.KEYS_UPLOAD);
    assertThat(upload.userAgent).isEqualTo("Element/1.11 (Android)");
    RecordFacts cancel =
        read(
            access(
                "@a:hs",
                "200!",
                "POST /_matrix/client/unstable/org.matrix.msc4140/delayed_events/d1/cancel"));
    assertThat(cancel.delayedAction).isEqualTo(DelayedAction.CANCEL);
    assertThat(Objects.requireNonNull(cancel.access).disconnected()).isTrue();
  }

  @Test
  void accessLinesThatAreNotRequestsAreToldFromBrokenOnes() {
    assertKind(
        "synapse.access.http.8008 - 1 - DEBUG - GET-1 - 10.0.0.1 - 8008 - Received request: GET /x",
        RecordFacts.Kind.ACCESS_RECEIVED);
    assertKind(
        "synapse.access.http.8008 - 1 - INFO - GET-1 - garbage", RecordFacts.Kind.ACCESS_UNPARSED);
  }

  /** The line made of {@link #AT} and {@code rest} is of {@code kind}. */
  private static void assertKind(String rest, RecordFacts.Kind kind) {
    assertThat(read(AT + rest).kind).as(rest).isEqualTo(kind);
  }

  @Test
  void keyUploadLinesAreRead() {
    RecordFacts adding =
        read(
            AT
                + "synapse.handlers.e2e_keys - 1 - INFO - POST-2 - Adding one_time_keys"
                + " ['signed_curve25519:AAAB'] for device 'DEV' for user '@a:hs' at 1764064802000");
    assertThat(adding.kind).isEqualTo(RecordFacts.Kind.UPLOADER);
    assertThat(adding.uploader).containsExactly("DEV", "@a:hs");
    RecordFacts claims =
        read(
            AT
                + "synapse.handlers.e2e_keys - 1 - INFO - POST-3 - Claimed one-time-keys:"
                + " signed_curve25519:AAAA for @a:hs:DEV1,signed_curve25519:AAAB for nobody");
    // One entry read (user, device), one not.
    assertThat(List.of(claims.kind, claims.claims, claims.unreadClaims))
        .containsExactly(RecordFacts.Kind.CLAIMS, List.of("@a:hs", "DEV1"), 1);
    assertKind(
        "synapse.handlers.e2e_keys - 1 - INFO - POST-2 - Adding one_time_keys nonsense",
        RecordFacts.Kind.UPLOADER_UNPARSED);
  }

  @Test
  void conflictsAndOtherLoggers() {
    RecordFacts conflict =
        read(
            AT
                + "synapse.http.server - 1 - INFO - POST-2 - SynapseError: 400 - One time key"
                + " signed_curve25519:AAAB already exists. Old key: {\"key\": \"o\"}; new key:"
                + " {'key': 'n'}");
    assertThat(conflict.kind).isEqualTo(RecordFacts.Kind.CONFLICT);
    assertThat(conflict.conflict).isNotNull();
    assertKind(
        "synapse.http.server - 1 - INFO - POST-2 - One time key x already exists",
        RecordFacts.Kind.CONFLICT_UNPARSED);
    assertKind(
        "synapse.handlers.delayed_events - 1 - ERROR - sentinel - Failed to send delayed event d1",
        RecordFacts.Kind.DELAYED_SEND_FAILURE);
    assertKind("synapse.storage.SQL - 1 - INFO - sentinel - anything", RecordFacts.Kind.OTHER);
  }

  @Test
  void aReusedInstanceForgetsTheLastLine() {
    RecordFacts reused = new RecordFacts();
    LogRecord record = new LogRecord();
    TextRecordParser parser = new TextRecordParser(ZoneOffset.UTC);
    parser.parse(
        AT
            + "synapse.handlers.e2e_keys - 1 - INFO - POST-3 - Claimed one-time-keys:"
            + " a:B for @a:hs:D",
        record);
    assertThat(reused.read(record).claims).hasSize(2);
    parser.parse(AT + "synapse.storage.SQL - 1 - INFO - sentinel - anything", record);
    reused.read(record);
    assertThat(reused.kind).isEqualTo(RecordFacts.Kind.OTHER);
    assertThat(reused.claims).isEmpty();
    assertThat(reused.uploader).isNull();
  }
}
