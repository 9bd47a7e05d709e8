package dev.e2ee.exporter.log.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs of lines as Synapse wrote them, each line parsed by the text layout and, when it is no
 * record, classified by the tracker: {@code R} a record, {@code C} a continuation of the record
 * before it, {@code U} a line of a layout the exporter does not read. The runs are cut from the
 * Synapse 1.160.0 log (replay/real-synapse/homeserver.log), the text-format test log
 * (log/homeserver-text.log) and the tracebacks users reported (see SkipReasonsTest).
 */
class ContinuationTrackerTest {
  static final String REAL_SYNAPSE = "/dev/e2ee/exporter/replay/real-synapse/homeserver.log";
  static final String TEXT_LOG = "/dev/e2ee/exporter/log/homeserver-text.log";
  static final String RECORD =
      "2026-12-06 06:55:43,552 - synapse.http.server - 132 - INFO - POST-35 - <SynapseRequest at"
          + " 0x7fc942271e50 method='POST' uri='/_matrix/client/v3/keys/upload'"
          + " clientproto='HTTP/1.1' site='18108'> SynapseError: 400 - Internal server error";
  static final String ERROR_RECORD =
      "2026-11-25 10:00:07,000 - synapse.handlers.delayed_events - 412 - ERROR -"
          + " _send_on_timeout-12 - Failed to send delayed event";

  static Stream<Arguments> runs() {
    return Stream.of(
        arguments(
            "pydantic's 2 validation errors, each location line unindented (real log 388-395)",
            file(REAL_SYNAPSE, 388, 395),
            "R C C C C C C R"),
        arguments(
            "a traceback ending in its exception, then a record (text log 28-33)",
            file(TEXT_LOG, 28, 33),
            "R C C C C R"),
        arguments(
            "PostgreSQL's DETAIL and HINT after the exception",
            List.of(
                ERROR_RECORD,
                "Traceback (most recent call last):",
                "  File \"/usr/lib/python3/dist-packages/synapse/storage/database.py\", line 404,"
                    + " in _do_execute",
                "    return func(sql, *args, **kwargs)",
                "psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint"
                    + " \"e2e_one_time_keys_json_uniqueness\"",
                "DETAIL:  Key (user_id, device_id, algorithm, key_id)=(@a:example.org, DEV,"
                    + " signed_curve25519, AAAA) already exists.",
                "HINT:  see the server log"),
            "R C C C C C C"),
        arguments(
            "chained tracebacks",
            List.of(
                ERROR_RECORD,
                "Traceback (most recent call last):",
                "    await self._send_event(event)",
                "KeyError: 'event_id'",
                "",
                "During handling of the above exception, another exception occurred:",
                "",
                "Traceback (most recent call last):",
                "    raise SynapseError(403, \"You are not allowed to send this event\")",
                "synapse.api.errors.SynapseError: 403: You are not allowed to send this event"),
            "R C C C E C E C C C"),
        arguments(
            "Twisted's failure marker",
            List.of(ERROR_RECORD, "--- <exception caught here> ---", "    result = g.send(result)"),
            "R C C"),
        arguments(
            "an indented line before any record",
            List.of(
                "  Input should be a valid string [type=string_type, input_value=5,"
                    + " input_type=int]"),
            "U"),
        arguments(
            "a foreign line ends the record: the indented line after it is foreign too",
            List.of(
                RECORD,
                "Nov 25 10:00:08 matrix synapse[1234]: synapse.access.http.8008: [GET-27]"
                    + " Processed request: 0.001sec/0.000sec",
                "    For further information visit https://errors.pydantic.dev/2.14/v/string_type"),
            "R U U"),
        arguments(
            "an unindented line after the exception is foreign",
            List.of(
                ERROR_RECORD,
                "Traceback (most recent call last):",
                "KeyError: 'event_id'",
                "INFO:synapse.access.http.8008:Processed request"),
            "R C C U"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void eachLineAfterARecordIsClassifiedByWhatCameBefore(
      String what, List<String> lines, String expected) {
    assertThat(classify(lines)).isEqualTo(expected);
  }

  private static String classify(List<String> lines) {
    TextRecordParser parser = new TextRecordParser(ZoneOffset.UTC);
    ContinuationTracker tracker = new ContinuationTracker();
    LogRecord r = new LogRecord();
    List<String> outcomes = new ArrayList<>();
    for (String line : lines) {
      ParseOutcome parsed = parser.parse(line, r);
      if (parsed == ParseOutcome.RECORD) {
        tracker.record(r);
        outcomes.add("R");
        continue;
      }
      outcomes.add(
          switch (tracker.classify(line, parsed)) {
            case CONTINUATION -> "C";
            case UNRECOGNISED_LAYOUT -> "U";
            case EMPTY -> "E";
            default -> "?";
          });
    }
    return String.join(" ", outcomes);
  }

  /** Lines {@code from} to {@code to} (1-based, inclusive) of a test resource. */
  private static List<String> file(String resource, int from, int to) {
    try (InputStream in = ContinuationTrackerTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .skip(from - 1L)
          .limit(to - from + 1L)
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
