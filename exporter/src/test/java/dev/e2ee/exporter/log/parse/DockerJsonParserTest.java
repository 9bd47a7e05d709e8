package dev.e2ee.exporter.log.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Docker's json-file driver around Synapse's text layout: the envelope as {@code docker logs} keeps
 * it, the lines inside from the Synapse 1.160.0 log (replay/real-synapse/homeserver.log).
 */
class DockerJsonParserTest {
  static final String BANNER =
      "2026-12-06 06:54:57,562 - synapse.config.logger - 377 - WARNING - main - ***** STARTING SERVER *****";

  static String entry(String log, String stream) {
    return "{\"log\":\""
        + log.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
        + "\",\"stream\":\""
        + stream
        + "\",\"time\":\"2026-12-06T06:54:57.562943817Z\"}";
  }

  static DockerJsonParser parser(int maxChars) {
    return new DockerJsonParser(new TextRecordParser(ZoneOffset.UTC), maxChars);
  }

  static Stream<Arguments> lines() {
    return Stream.of(
        arguments(
            "a record on stderr",
            entry(BANNER + "\n", "stderr"),
            "2026-12-06T06:54:57.562Z | - | synapse.config.logger | WARNING | main | ***** STARTING SERVER *****"),
        arguments(
            "a record with quotes, on stdout",
            entry(
                "2026-12-06 06:55:43,307 - synapse.access.http.18108 - 643 - INFO - POST-27 - 127.0.0.1 - 18108 - {@alice:compat.test} Processed request: 0.052sec/0.000sec ru=(0.006sec, 0.001sec) db=(0.002sec/0.041sec/14) 47B 200 \"POST /_matrix/client/v3/keys/upload HTTP/1.1\" \"matrix-rust-sdk\" [0 dbevts]\n",
                "stdout"),
            "2026-12-06T06:55:43.307Z | - | synapse.access.http.18108 | INFO | POST-27 | 127.0.0.1 - 18108 - {@alice:compat.test} Process"),
        arguments(
            "a Windows line end inside",
            entry(BANNER + "\r\n", "stderr"),
            "2026-12-06T06:54:57.562Z | - | synapse.config.logger | WARNING | main | ***** STARTING SERVER *****"),
        arguments(
            "a continuation inside",
            entry(
                "  Input should be a valid string [type=string_type, input_value=5, input_type=int]\n",
                "stderr"),
            "CONTINUATION"),
        arguments("a piece of a longer line", entry(BANNER, "stderr"), "JOINED"),
        arguments(
            "no log field",
            "{\"stream\":\"stderr\",\"time\":\"2026-12-06T06:54:57Z\"}",
            "INVALID_JSON"),
        arguments("cut off", "{\"log\":\"2026-12-06 06:54:57,562 - synapse", "INVALID_JSON"),
        arguments("the text layout without the envelope", BANNER, "UNRECOGNISED_LAYOUT"),
        arguments("empty line", "", "EMPTY"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void eachEntryIsUnwrappedAndReadAsText(String what, String line, String expected) {
    assertThat(Parsed.describe(parser(1 << 20), line)).isEqualTo(expected);
  }

  @Test
  void aLineDockerSplitIsJoinedPerStreamAndCappedAtTheLineLimit() {
    DockerJsonParser docker = parser(BANNER.length() - 5);
    LogRecord r = new LogRecord();
    String head = BANNER.substring(0, 40);
    String tail = BANNER.substring(40);
    assertThat(docker.parse(entry(head, "stderr"), r)).isEqualTo(ParseOutcome.JOINED);
    // stdout's own whole line between the pieces is not mixed into stderr's.
    assertThat(docker.parse(entry(BANNER + "\n", "stdout"), r)).isEqualTo(ParseOutcome.RECORD);
    assertThat(docker.parse(entry(tail + "\n", "stderr"), r)).isEqualTo(ParseOutcome.RECORD);
    assertThat(r.message())
        .as("cut at the limit as the tailer cuts")
        .isEqualTo("***** STARTING SERVER ");
    assertThat(docker.layout()).isEqualTo("docker-json/text");
  }
}
