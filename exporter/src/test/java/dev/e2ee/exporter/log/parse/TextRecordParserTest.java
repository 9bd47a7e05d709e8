package dev.e2ee.exporter.log.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Synapse's default text layout, line by line. The lines are real: from the log of a Synapse
 * 1.160.0 (replay/real-synapse/homeserver.log) and from the text-format test log
 * (log/homeserver-text.log); a row marked "made from" changes one real line as named.
 */
class TextRecordParserTest {
  static Stream<Arguments> lines() {
    return Stream.of(
        arguments(
            "startup banner, background context",
            "2026-12-06 06:54:57,562 - synapse.config.logger - 377 - WARNING - main - ***** STARTING SERVER *****",
            "2026-12-06T06:54:57.562Z | - | synapse.config.logger | WARNING | main | ***** STARTING SERVER *****"),
        arguments(
            "access line of a key upload",
            "2026-12-06 06:55:43,307 - synapse.access.http.18108 - 643 - INFO - POST-27 - 127.0.0.1 - 18108 - {@alice:compat.test} Processed request: 0.052sec/0.000sec ru=(0.006sec, 0.001sec) db=(0.002sec/0.041sec/14) 47B 200 \"POST /_matrix/client/v3/keys/upload HTTP/1.1\" \"Element X/25.04.3 (Android 15; 2025050700; Sdk d36b2a686)\" [0 dbevts]",
            "2026-12-06T06:55:43.307Z | - | synapse.access.http.18108 | INFO | POST-27 | 127.0.0.1 - 18108 - {@alice:compat.test} Process"),
        arguments(
            "KE-1: the rejected upload",
            "2026-12-06 06:55:43,615 - synapse.http.server - 132 - INFO - POST-36 - <SynapseRequest at 0x7fc942273890 method='POST' uri='/_matrix/client/v3/keys/upload' clientproto='HTTP/1.1' site='18108'> SynapseError: 400 - One time key signed_curve25519:AAAAAAAAAAE already exists.",
            "2026-12-06T06:55:43.615Z | - | synapse.http.server | INFO | POST-36 | <SynapseRequest at 0x7fc942273890 method='POST' "),
        arguments(
            "background process context",
            "2026-12-06 06:55:43,861 - synapse.storage.background_updates - 600 - INFO - background_updates-0 - Starting update batch on background update 'current_state_delta_stream_room_index'",
            "2026-12-06T06:55:43.861Z | - | synapse.storage.background_updates | INFO | background_updates-0 | Starting update batch on background update 'curr"),
        arguments(
            "an unauthenticated request ({None})",
            "2026-11-25 10:00:01,200 - synapse.access.http.8008 - 389 - INFO - GET-2 - 10.0.0.1 - 8008 - {None} Processed request: 0.002sec/0.000sec (0.001sec, 0.000sec) (0.000sec/0.000sec/0) 45B 200 \"GET /_matrix/client/versions HTTP/1.0\" \"curl/8.0\"",
            "2026-11-25T10:00:01.200Z | - | synapse.access.http.8008 | INFO | GET-2 | 10.0.0.1 - 8008 - {None} Processed request: 0.00"),
        arguments(
            "very old layout, request glued to its dash",
            "2026-11-25 10:00:09,000 - synapse.util.caches - 55 - INFO - GET-28- very old layout without the space",
            "2026-11-25T10:00:09Z | - | synapse.util.caches | INFO | GET-28 | very old layout without the space"),
        arguments(
            "made from the banner: a worker's name in front",
            "synchrotron1 | 2026-12-06 06:54:57,562 - synapse.config.logger - 377 - WARNING - main - ***** STARTING SERVER *****",
            "2026-12-06T06:54:57.562Z | synchrotron1 | synapse.config.logger | WARNING | main | ***** STARTING SERVER *****"),
        arguments(
            "pydantic's error location: the parser cannot tell, ContinuationTracker decides",
            "one_time_keys.signed_curve25519:AAAAZZ.str",
            "UNRECOGNISED_LAYOUT"),
        arguments(
            "pydantic's indented explanation",
            "  Input should be a valid string [type=string_type, input_value=5, input_type=int]",
            "CONTINUATION"),
        arguments("traceback header", "Traceback (most recent call last):", "CONTINUATION"),
        arguments(
            "traceback's last line",
            "synapse.api.errors.SynapseError: 403: You are not allowed to send this event",
            "CONTINUATION"),
        arguments(
            "syslog prefix is another layout",
            "Nov 25 10:00:08 matrix synapse[1234]: synapse.access.http.8008: [GET-27] Processed request: 0.001sec/0.000sec",
            "UNRECOGNISED_LAYOUT"),
        arguments(
            "tai64n stamp in front",
            "@4000000061a1b2c30000000a 2026-11-25 10:00:08,100 - synapse.storage.SQL - 1 - INFO - sentinel - tai64n stamped",
            "UNRECOGNISED_LAYOUT"),
        arguments(
            "made from the banner: February 31st",
            "2026-02-31 06:54:57,562 - synapse.config.logger - 377 - WARNING - main - ***** STARTING SERVER *****",
            "UNRECOGNISED_LAYOUT"),
        arguments(
            "made from the banner: no line number",
            "2026-12-06 06:54:57,562 - synapse.config.logger - WARNING - main - ***** STARTING SERVER *****",
            "UNRECOGNISED_LAYOUT"),
        arguments("empty line", "", "EMPTY"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void eachLineIsReadAsSynapseWroteIt(String what, String line, String expected) {
    assertThat(Parsed.describe(new TextRecordParser(ZoneOffset.UTC), line)).isEqualTo(expected);
  }
}
