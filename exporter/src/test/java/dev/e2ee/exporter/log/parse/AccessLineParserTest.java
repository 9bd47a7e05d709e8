package dev.e2ee.exporter.log.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Both access-line shapes Synapse has written, field by field, and every way a line can stop short.
 */
class AccessLineParserTest {
  private static final String PREFIX =
      "2026-11-25 21:19:02,123 - synapse.access.http.8008 - 473 - INFO - POST-42 - ";
  private static final String CURRENT =
      "192.0.2.1 - 8008 - {@alice:example.org} Processed request: 0.012sec/0.001sec"
          + " ru=(0.008sec, 0.001sec) db=(0.000sec/0.004sec/2) 63B 400"
          + " \"POST /_matrix/client/v3/keys/upload HTTP/1.1\" \"Element/1.5.4\" [0 dbevts]";
  private static final String OLDER =
      "192.0.2.1 - 8008 - {@bob:example.org} Processed request: 1.500sec/0.000sec"
          + " (0.008sec, 0.001sec) (0.010sec/0.250sec/7) 1024B 200"
          + " \"GET /_matrix/client/v3/sync?timeout=30000 HTTP/1.1\" \"-\" [3 dbevts]";

  private final TextRecordParser records = new TextRecordParser(ZoneOffset.UTC);
  private final AccessLineParser parser = new AccessLineParser();

  private AccessLine parse(String message) {
    LogRecord record = new LogRecord();
    assertThat(records.parse(PREFIX + message, record)).isEqualTo(ParseOutcome.RECORD);
    AccessLine line = new AccessLine();
    return parser.parse(record, line) ? line : null;
  }

  @Test
  void currentShapeFieldByField() {
    AccessLine a = parse(CURRENT);
    assertThat(a).isNotNull();
    assertThat(a.requester()).isEqualTo("@alice:example.org");
    assertThat(a.processingSeconds()).isEqualTo(0.012);
    assertThat(a.dbTxnSeconds()).isEqualTo(0.004);
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.disconnected()).isFalse();
    assertThat(a.method()).isEqualTo("POST");
    assertThat(a.uri()).isEqualTo("/_matrix/client/v3/keys/upload");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}: {1}, a user: {2}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = ';',
      value = {
        "@alice:example.org; @alice:example.org; true",
        "@admin:example.org|@alice:example.org; @alice:example.org; true",
        "appservice|@bridge_bob:example.org; @bridge_bob:example.org; true",
        "None; None; false",
        "matrix.example.org; matrix.example.org; false",
        "@nocolon; @nocolon; false",
        "@:example.org; @:example.org; false",
        "@a:b; @a:b; true"
      })
  void theRequesterIsTheUserActedForAndKnownAsAUserOrNot(
      String logged, String requester, boolean user) {
    AccessLine a = parse(CURRENT.replace("{@alice:example.org}", "{" + logged + "}"));
    assertThat(a).isNotNull();
    assertThat(a.requesterIsUser()).isEqualTo(user);
    assertThat(a.requester()).isEqualTo(requester);
  }

  @Test
  void aLineParsedIntoAgainForgetsTheRequesterOfTheLastOne() {
    AccessLine line = new AccessLine();
    for (String message : new String[] {CURRENT, OLDER, CURRENT}) {
      LogRecord record = new LogRecord();
      assertThat(records.parse(PREFIX + message, record)).isEqualTo(ParseOutcome.RECORD);
      assertThat(parser.parse(record, line)).isTrue();
      assertThat(line.requester())
          .isEqualTo(message.equals(OLDER) ? "@bob:example.org" : "@alice:example.org");
    }
  }

  @Test
  void olderShapeWithoutRuAndDbLabels() {
    AccessLine a = parse(OLDER);
    assertThat(a).isNotNull();
    assertThat(a.requester()).isEqualTo("@bob:example.org");
    assertThat(a.processingSeconds()).isEqualTo(1.5);
    assertThat(a.dbTxnSeconds()).isEqualTo(0.25);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.method()).isEqualTo("GET");
    assertThat(a.uri()).isEqualTo("/_matrix/client/v3/sync?timeout=30000");
  }

  @Test
  void disconnectMarkAfterOrBeforeTheCode() {
    assertThat(parse(CURRENT.replace(" 400 ", " 499! ")).disconnected()).isTrue();
    assertThat(parse(CURRENT.replace(" 400 ", " 499! ")).status()).isEqualTo(499);
    assertThat(parse(CURRENT.replace(" 400 ", " !499 ")).disconnected()).isTrue();
    assertThat(parse(CURRENT.replace(" 400 ", " !499 ")).status()).isEqualTo(499);
  }

  @Test
  void actingForAUserNamesTheUserAndUnknownMethodsAreOther() {
    AccessLine a =
        parse(
            CURRENT
                .replace("{@alice:example.org}", "{@admin:example.org|@carol:example.org}")
                .replace("\"POST ", "\"PROPFIND "));
    assertThat(a.requester()).isEqualTo("@carol:example.org");
    assertThat(a.method()).isEqualTo("other");
  }

  @Test
  void everyTruncationIsRefusedNotMisread() {
    // Cut the message after each character: a prefix never parses as a shorter valid line,
    // up to the point where only the user agent and the trailer are missing.
    int lastRequired = CURRENT.indexOf(" HTTP/1.1") + 1;
    for (int cut = 0; cut < lastRequired; cut++) {
      assertThat(parse(CURRENT.substring(0, cut))).as("cut at %d", cut).isNull();
    }
    assertThat(parse(CURRENT.substring(0, lastRequired))).isNotNull();
  }

  @Test
  void garbageInANumberOrCodeIsRefused() {
    assertThat(parse(CURRENT.replace("0.012sec/", "0.0x2sec/"))).isNull();
    assertThat(parse(CURRENT.replace("/0.004sec/", "/abcsec/"))).isNull();
    assertThat(parse(CURRENT.replace(" 400 ", " 4x0 "))).isNull();
    assertThat(parse(CURRENT.replace("ru=(", "ru="))).isNull();
  }

  @Test
  void theUserAgentIsTakenWholeEvenWithQuotesInside() {
    assertThat(parse(CURRENT).userAgent()).isEqualTo("Element/1.5.4");
    assertThat(parse(OLDER).userAgent()).isNull(); // "-": no agent sent
    assertThat(parse(CURRENT.replace("\"Element/1.5.4\"", "\"Bot \"quoted\" 1.0\"")).userAgent())
        .isEqualTo("Bot \"quoted\" 1.0");
    // Cut after the agent's opening quote (max_line_bytes): what is there, up to the last quote.
    String cut = CURRENT.substring(0, CURRENT.indexOf("Element/1.5.4") + 7);
    assertThat(parse(cut).userAgent()).isNull();
  }
}
