package dev.e2ee.exporter.log.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  /** The expression the hand-written reading replaced: the oracle it must agree with. */
  private static final Pattern EXCEPTION_LINE =
      Pattern.compile(
          "^[A-Za-z_][\\w.]*(Error|Exception|Failure|Exit|Interrupt|Warning|Lost|Done|Timeout)(:.*)?$");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Synapse's own error, with a message      | synapse.api.errors.SynapseError: 403: Forbidden | true
          a bare name                              | ValueError                                      | true
          a name and a colon, nothing after        | twisted.internet.error.ConnectionDone:          | true
          the ending alone is not a name           | Error                                           | false
          psycopg2's timeout does not end so       | psycopg2.errors.QueryCanceled: canceling statement due to statement timeout | false
          a space before the colon                 | ValueError : x                                  | false
          a digit first                            | 2Error: x                                       | false
          an underscore first                      | _PrivateTimeout                                 | true
          the ending inside the name only          | ErrorHandler: x                                 | false
          a dot-ended name                         | a.Exception.: x                                 | false
          """)
  void exceptionLinesAreWhatTheExpressionSaid(String what, String line, boolean expected) {
    assertThat(ContinuationLines.isExceptionLine(line)).isEqualTo(expected);
    assertThat(EXCEPTION_LINE.matcher(line).matches()).as("the oracle").isEqualTo(expected);
  }

  @Test
  void agreesWithTheExpressionOnEveryLineOfARealSynapseLogAndOnMutations() throws IOException {
    List<String> lines = new ArrayList<>();
    try (InputStream in =
        Objects.requireNonNull(
            getClass().getResourceAsStream("/dev/e2ee/exporter/replay/real-synapse/homeserver.log"),
            "the real Synapse log")) {
      lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    }
    assertThat(lines).hasSizeGreaterThan(100);
    Random random = new Random(7);
    String alphabet = "aZ_.:9 ErorTimeutDn\r\u2028\u0085x";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder(random.nextBoolean() ? "Foo" : "");
      for (int n = random.nextInt(12); n > 0; n--) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      b.append(List.of("Error", "Timeout", "Done", "", "Exit").get(random.nextInt(5)));
      if (random.nextBoolean()) {
        b.append(':').append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      lines.add(b.toString());
    }
    for (String line : lines) {
      assertThat(ContinuationLines.isExceptionLine(line))
          .as(line)
          .isEqualTo(EXCEPTION_LINE.matcher(line).matches());
    }
  }
}
