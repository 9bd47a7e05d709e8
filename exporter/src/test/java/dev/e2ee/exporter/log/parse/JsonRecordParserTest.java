package dev.e2ee.exporter.log.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Synapse's structured layout (TerseJsonFormatter): the fields it writes, carrying lines of the
 * Synapse 1.160.0 log (replay/real-synapse/homeserver.log) at their time.
 */
class JsonRecordParserTest {
  static Stream<Arguments> lines() {
    return Stream.of(
        arguments(
            "an access record with the formatter's extra fields",
            "{\"log\":\"Processed request: 0.052sec/0.000sec ru=(0.006sec, 0.001sec) db=(0.002sec/0.041sec/14) 47B 200 \\\"POST /_matrix/client/v3/keys/upload HTTP/1.1\\\" \\\"matrix-rust-sdk\\\" [0 dbevts]\",\"namespace\":\"synapse.access.http.18108\",\"level\":\"INFO\",\"time\":1796540143.307,\"request\":\"POST-27\",\"ip_address\":\"127.0.0.1\",\"site_tag\":\"18108\",\"requester\":\"@alice:compat.test\",\"authenticated_entity\":\"@alice:compat.test\",\"method\":\"POST\",\"url\":\"/_matrix/client/v3/keys/upload\",\"protocol\":\"HTTP/1.1\",\"user_agent\":\"matrix-rust-sdk\",\"code\":200}",
            "2026-12-06T06:55:43.307Z | - | synapse.access.http.18108 | INFO | POST-27 | Processed request: 0.052sec/0.000sec ru=(0.006se"),
        arguments(
            "no request: background",
            "{\"log\":\"***** STARTING SERVER *****\",\"namespace\":\"synapse.config.logger\",\"level\":\"WARNING\",\"time\":1796540097.562}",
            "2026-12-06T06:54:57.562Z | - | synapse.config.logger | WARNING | - | ***** STARTING SERVER *****"),
        arguments(
            "a time that is not a number",
            "{\"log\":\"x\",\"namespace\":\"synapse.x\",\"level\":\"INFO\",\"time\":\"2026-12-06\"}",
            "INVALID_JSON"),
        arguments(
            "no namespace",
            "{\"log\":\"x\",\"level\":\"INFO\",\"time\":1796540097.562}",
            "INVALID_JSON"),
        arguments(
            "cut off",
            "{\"log\":\"Processed request: 0.052sec\",\"namespace\":\"syn",
            "INVALID_JSON"),
        arguments("traceback header", "Traceback (most recent call last):", "CONTINUATION"),
        arguments(
            "the text layout",
            "2026-12-06 06:54:57,562 - synapse.config.logger - 377 - WARNING - main - ***** STARTING SERVER *****",
            "UNRECOGNISED_LAYOUT"),
        arguments("empty line", "", "EMPTY"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void eachLineIsReadFromItsFields(String what, String line, String expected) {
    assertThat(Parsed.describe(new JsonRecordParser(), line)).isEqualTo(expected);
  }
}
