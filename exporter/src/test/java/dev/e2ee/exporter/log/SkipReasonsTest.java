package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.Scrape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every line that is not a record is counted under the reason that is true of it: the lines of a
 * traceback (also its last, unremarkable line) are continuation; indented lines that follow no
 * record are not; Synapse's DEBUG "Received request" access lines are known and skipped without
 * counting as unparsed.
 */
class SkipReasonsTest {
  static final String FILE = "homeserver.log";
  static final String FRAME =
      "  File \"/opt/venvs/matrix-synapse/lib/python3.11/site-packages/synapse/storage/database.py\", line 480, in execute";
  static final String SOURCE = "    return self._do_execute(self.txn.execute, sql, parameters)";

  /** Traceback bodies of shapes Synapse writes (each a list of the lines after its record). */
  static final List<List<String>> TRACEBACKS =
      List.of(
          List.of(
              "Traceback (most recent call last):",
              FRAME,
              SOURCE,
              "psycopg2.errors.QueryCanceled: canceling statement due to statement timeout"),
          List.of(
              "Traceback (most recent call last):",
              FRAME,
              SOURCE,
              "psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint \"e2e_one_time_keys_json_uniqueness\"",
              "DETAIL:  Key (user_id, device_id, algorithm, key_id)=(@a:example.org, DEV, signed_curve25519, AAAA) already exists."),
          List.of(
              "Traceback (most recent call last):",
              FRAME,
              SOURCE,
              "KeyError: 'device_id'",
              "",
              "During handling of the above exception, another exception occurred:",
              "",
              "Traceback (most recent call last):",
              FRAME,
              SOURCE,
              "synapse.api.errors.SynapseError: 400: Invalid one_time_keys key"),
          List.of(
              "Traceback (most recent call last):",
              FRAME,
              SOURCE,
              "--- <exception caught here> ---",
              FRAME,
              SOURCE,
              "twisted.internet.error.ConnectionRefusedError: Connection was refused by other side: 111: Connection refused."),
          List.of(
              "Traceback (most recent call last):",
              FRAME,
              "    result = d[k]",
              "             ~^^^",
              "twisted.internet.defer.CancelledError"),
          List.of(
              "Traceback (most recent call last):",
              FRAME,
              SOURCE,
              "psycopg2.OperationalError: server closed the connection unexpectedly",
              "\tThis probably means the server terminated abnormally",
              "\tbefore or while processing the request."));

  static String record(int i, String level, String logger, String message) {
    return String.format(
        "2026-11-25 10:00:%02d,%03d - %s - 302 - %s - GET-%d - %s",
        i / 1000 % 60, i % 1000, logger, level, i, message);
  }

  static String access(int i) {
    return record(
        i,
        "INFO",
        "synapse.access.http.8008",
        "::1 - 8008 - {@alice:example.org} Processed request:"
            + " 0.002sec/0.000sec ru=(0.001sec, 0.000sec) db=(0.000sec/0.001sec/1) 63B 200 \"GET /_matrix/client/v3/sync HTTP/1.1\""
            + " \"Element/1.11.0\" [0 dbevts]");
  }

  @Test
  void theLinesOfManyTracebacksAreContinuationAndNothingIsUnrecognised() {
    ProgramHarness h = new ProgramHarness();
    Random random = new Random(7);
    List<String> lines = new ArrayList<>();
    long records = 0;
    long continuation = 0;
    long empty = 0;
    for (int i = 0; i < 2_000; i++) {
      lines.add(access(i));
      records++;
      if (random.nextInt(3) == 0) {
        lines.add(
            record(
                i,
                "ERROR",
                "synapse.http.server",
                "Failed handle request via 'SyncRestServlet': <SynapseRequest at 0x7f3a method='GET'>"));
        records++;
        for (String l : TRACEBACKS.get(random.nextInt(TRACEBACKS.size()))) {
          lines.add(l);
          if (l.isEmpty()) {
            empty++;
          } else {
            continuation++;
          }
        }
      }
    }
    h.feed(FILE, lines);
    Scrape s = h.settle();
    assertThat(continuation).isGreaterThan(3_000);
    assertThat(s.valueOrFail(skipped("unrecognised_layout"))).isZero();
    assertThat(s.valueOrFail(skipped("continuation"))).isEqualTo((double) continuation);
    assertThat(s.valueOrFail(skipped("empty"))).isEqualTo((double) empty);
    assertThat(s.valueOrFail("synapse_e2ee_log_records_total{file=\"" + FILE + "\"}"))
        .isEqualTo((double) records);
  }

  @Test
  void indentedLinesThatFollowNoRecordAreUnrecognised() {
    ProgramHarness h = new ProgramHarness();
    h.feed(
        FILE,
        List.of(
            FRAME, // a paste whose timestamps were cut: nothing before it
            SOURCE,
            "psycopg2.errors.QueryCanceled: canceling statement due to statement timeout",
            "May 17 10:47:28 host matrix-synapse[1]: INFO - something", // another layout
            "  indented after a foreign line",
            access(1),
            "  indented after a record", // continues the record
            "Traceback (most recent call last):",
            FRAME,
            "psycopg2.errors.QueryCanceled: canceling statement due to statement timeout",
            "a line of no known shape after the traceback ended"));
    Scrape s = h.settle();
    assertThat(s.valueOrFail(skipped("unrecognised_layout"))).isEqualTo(6);
    assertThat(s.valueOrFail(skipped("continuation"))).isEqualTo(4);
  }

  @Test
  void receivedRequestDebugLinesAreKnownAndNotCountedAsUnparsed() {
    ProgramHarness h = new ProgramHarness();
    h.feed(
        FILE,
        List.of(
            record(
                1,
                "DEBUG",
                "synapse.access.http.8008",
                "::1 - 8008 - Received request: GET /_matrix/client/v3/sync?timeout=30000"),
            record(
                2,
                "DEBUG",
                "synapse.access.http.8008",
                "192.0.2.7 - 8008 - Received request: PUT /_matrix/client/v3/sendToDevice/m.room.encrypted/5"),
            access(3),
            record(
                4,
                "INFO",
                "synapse.access.http.8008",
                "a message of the access logger in no known shape")));
    Scrape s = h.settle();
    assertThat(s.valueOrFail("synapse_e2ee_log_messages_unparsed_total{kind=\"access\"}"))
        .isEqualTo(1);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_http_requests_total{code=\"200\",endpoint=\"sync\",method=\"GET\"}"))
        .isEqualTo(1);
  }

  static String skipped(String reason) {
    return "synapse_e2ee_log_lines_skipped_total{file=\"" + FILE + "\",reason=\"" + reason + "\"}";
  }
}
