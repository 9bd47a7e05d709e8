package dev.e2ee.exporter.log.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Entries of {@code journalctl --output=json}: the fields journalctl writes, the MESSAGE being a
 * line of the Synapse 1.160.0 log (replay/real-synapse/homeserver.log) in the layout Synapse wrote
 * it - its own text layout, or the Debian package's journal formatter without a time.
 */
class JournalRecordParserTest {
  static String entry(String messageField) {
    return "{\"__CURSOR\":\"s=6f1c;i=2a1;b=9d2e;m=4c1;t=64a1;x=77\","
        + "\"__REALTIME_TIMESTAMP\":\"1796540143615123\",\"_PID\":\"147051\","
        + "\"SYSLOG_IDENTIFIER\":\"matrix-synapse\",\"_HOSTNAME\":\"hs\",\"PRIORITY\":\"6\","
        + "\"MESSAGE\":"
        + messageField
        + "}";
  }

  static Stream<Arguments> lines() {
    return Stream.of(
        arguments(
            "Synapse's text layout keeps its own time",
            entry(
                "\"2026-12-06 06:54:57,562 - synapse.config.logger - 377 - WARNING - main - ***** STARTING SERVER *****\""),
            "2026-12-06T06:54:57.562Z | matrix-synapse[147051] | synapse.config.logger | WARNING | main | ***** STARTING SERVER *****"),
        arguments(
            "the journal formatter takes the journal's time",
            entry(
                "\"synapse.http.server: [POST-36] <SynapseRequest at 0x7fc942273890 method='POST' uri='/_matrix/client/v3/keys/upload' clientproto='HTTP/1.1' site='18108'> SynapseError: 400 - One time key signed_curve25519:AAAAAAAAAAE already exists.\""),
            "2026-12-06T06:55:43.615Z | matrix-synapse[147051] | synapse.http.server | - | POST-36 | <SynapseRequest at 0x7fc942273890 method='POST' "),
        arguments(
            "a MESSAGE that was not UTF-8 comes as bytes",
            entry(
                "[115,121,110,97,112,115,101,46,120,58,32,91,71,69,84,45,49,93,32,104,105,32,255]"),
            "2026-12-06T06:55:43.615Z | matrix-synapse[147051] | synapse.x | - | GET-1 | hi \uFFFD"),
        arguments(
            "a continuation",
            entry(
                "\"  Input should be a valid string [type=string_type, input_value=5, input_type=int]\""),
            "CONTINUATION"),
        arguments(
            "another program's message",
            entry("\"Started matrix-synapse.service - Synapse Matrix homeserver.\""),
            "UNRECOGNISED_LAYOUT"),
        arguments(
            "no MESSAGE",
            "{\"__REALTIME_TIMESTAMP\":\"1796540143615123\",\"_PID\":\"147051\"}",
            "INVALID_JSON"),
        arguments(
            "no time",
            "{\"MESSAGE\":\"synapse.x: [GET-1] hi\",\"_PID\":\"147051\"}",
            "INVALID_JSON"),
        arguments("export format, not JSON", "MESSAGE=synapse.x: [GET-1] hi", "INVALID_JSON"),
        arguments("empty line", "", "EMPTY"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void eachEntryIsReadWithItsProcess(String what, String line, String expected) {
    assertThat(Parsed.describe(new JournalRecordParser(ZoneOffset.UTC), line)).isEqualTo(expected);
  }
}
