package dev.e2ee.exporter.log.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.e2ee.exporter.testing.MutableClock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Synapse through syslog, line by line, read on 2026-12-06 (the prefix has no year). The Synapse
 * part of each line is real: the Debian package's journal formatter from the text-format test log
 * (log/homeserver-text.log), Python's default formatter from a user's report, and lines of the
 * Synapse 1.160.0 log (replay/real-synapse/homeserver.log) as that formatter writes them.
 */
class SyslogRecordParserTest {
  static Stream<Arguments> lines() {
    return Stream.of(
        arguments(
            "Debian's journal formatter",
            "Nov 25 10:00:08 matrix synapse[1234]: synapse.access.http.8008: [GET-27] Processed request: 0.001sec/0.000sec",
            "2026-11-25T10:00:08Z | synapse[1234] | synapse.access.http.8008 | - | GET-27 | Processed request: 0.001sec/0.000sec"),
        arguments(
            "Debian's journal formatter, KE-1 rejection",
            "Dec  6 06:55:43 hs matrix-synapse[147051]: synapse.http.server: [POST-36] <SynapseRequest at 0x7fc942273890 method='POST' uri='/_matrix/client/v3/keys/upload' clientproto='HTTP/1.1' site='18108'> SynapseError: 400 - One time key signed_curve25519:AAAAAAAAAAE already exists.",
            "2026-12-06T06:55:43Z | matrix-synapse[147051] | synapse.http.server | - | POST-36 | <SynapseRequest at 0x7fc942273890 method='POST' "),
        arguments(
            "Python's default formatter: level, no request id",
            "May 17 10:47:28 host matrix-synapse[147051]: INFO:synapse.access.https.8443:192.0.2.1 - 8443 - {@u:hs} Processed request: 0.002sec/0.001sec (0.000sec, 0.000sec) (0.000sec/0.000sec/0) 12B 200 \"GET /_matrix/client/versions HTTP/1.1\" \"curl\" [0 dbevts]",
            "2026-05-17T10:47:28Z | matrix-synapse[147051] | synapse.access.https.8443 | INFO | - | 192.0.2.1 - 8443 - {@u:hs} Processed request: 0."),
        arguments(
            "December read in December is this year",
            "Dec  6 06:54:57 hs matrix-synapse[147051]: synapse.config.logger: [main] ***** STARTING SERVER *****",
            "2026-12-06T06:54:57Z | matrix-synapse[147051] | synapse.config.logger | - | main | ***** STARTING SERVER *****"),
        arguments(
            "a day ahead of now is last year",
            "Dec 31 23:59:59 host matrix-synapse[1]: synapse.x: [GET-1] late",
            "2025-12-31T23:59:59Z | matrix-synapse[1] | synapse.x | - | GET-1 | late"),
        arguments(
            "a traceback line behind the prefix",
            "Dec  6 06:55:43 hs matrix-synapse[147051]:   Input should be a valid string [type=string_type, input_value=5, input_type=int]",
            "CONTINUATION"),
        arguments("empty line", "", "EMPTY"));
  }

  /** Lines a syslog reader must leave alone: counted as an unrecognised layout, never guessed. */
  static Stream<Arguments> notSyslog() {
    return Stream.of(
        arguments(
            "another program's line",
            "Dec  6 06:55:43 hs systemd[1]: Started matrix-synapse.service - Synapse Matrix homeserver."),
        arguments(
            "minutes without seconds",
            "Nov 25 10:47 host matrix-synapse[1]: synapse.x: [GET-1] no seconds"),
        arguments(
            "February 30th",
            "Feb 30 10:47:28 host matrix-synapse[1]: synapse.x: [GET-1] no such day"),
        arguments(
            "Synapse's own text layout without syslog",
            "2026-12-06 06:54:57,562 - synapse.config.logger - 377 - WARNING - main - ***** STARTING SERVER *****"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notSyslog")
  void aLineOfAnotherShapeIsNotRead(String what, String line) {
    SyslogRecordParser parser =
        new SyslogRecordParser(
            ZoneOffset.UTC, new MutableClock(Instant.parse("2026-12-06T12:00:00Z")));
    assertThat(Parsed.describe(parser, line)).isEqualTo("UNRECOGNISED_LAYOUT");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void eachLineIsReadWithItsProcessAndAGuessedYear(String what, String line, String expected) {
    SyslogRecordParser parser =
        new SyslogRecordParser(
            ZoneOffset.UTC, new MutableClock(Instant.parse("2026-12-06T12:00:00Z")));
    assertThat(Parsed.describe(parser, line)).isEqualTo(expected);
  }

  @Test
  void pythonsDefaultShapeReadInMayHasNoRequestAndDecemberIsLastYear() {
    // Moved from replay's layout tests: the parser alone, read on another day than the table's.
    SyslogRecordParser parser =
        new SyslogRecordParser(
            ZoneOffset.UTC, new MutableClock(Instant.parse("2026-05-20T00:00:00Z")));
    assertThat(
            Parsed.describe(
                parser,
                "May 17 10:47:28 host matrix-synapse[147051]: INFO:synapse.access.https.8443:192.0.2.1 - 8443 - {@u:hs} Processed request: 0.002sec/0.001sec (0.000sec, 0.000sec) (0.000sec/0.000sec/0) 12B 200 \"GET /_matrix/client/versions HTTP/1.1\" \"curl\" [0 dbevts]"))
        .isEqualTo(
            "2026-05-17T10:47:28Z | matrix-synapse[147051] | synapse.access.https.8443 | INFO | - | 192.0.2.1 - 8443 - {@u:hs} Processed request: 0.");
    // A year is never guessed into the future.
    assertThat(
            Parsed.describe(
                parser, "Dec 31 23:59:59 host matrix-synapse[1]: synapse.x: [GET-1] late"))
        .startsWith("2025-12-31T23:59:59Z");
  }
}
