package dev.e2ee.exporter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.DatabaseClient;
import dev.e2ee.exporter.testing.NeedsPostgres;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runbook Q3 from the event_algorithm query as it answers on a real Synapse schema: the stored
 * event with or without content.algorithm, redacted, or not there at all.
 */
@NeedsPostgres
class Q3Test {
  static final String ALICE = "@alice:example.org";
  static final String ROOM = "!room:example.org";
  static final Map<String, CaptureQueries.Result> STORED = new HashMap<>();

  /** Each event's event_algorithm result, asked once of a database that is then dropped. */
  @BeforeAll
  static void askTheDatabase() throws Exception {
    try (DatabaseClient c = DatabaseClient.onNewDatabase()) {
      c.db
          .rows()
          .encryptedEvent("$ok:example.org", ROOM, ALICE, 1, 1_000, "m.megolm.v1.aes-sha2")
          .encryptedEvent("$noalgorithm:example.org", ROOM, ALICE, 2, 2_000, null)
          .encryptedEvent("$redacted:example.org", ROOM, ALICE, 3, 3_000, null)
          .redaction("$redaction:example.org", "$redacted:example.org", 4_000)
          .encryptedEvent(
              "$redactedkept:example.org", ROOM, ALICE, 5, 5_000, "m.megolm.v1.aes-sha2")
          .redaction("$redaction2:example.org", "$redactedkept:example.org", 6_000);
      for (String event :
          List.of(
              "$ok:example.org",
              "$noalgorithm:example.org",
              "$redacted:example.org",
              "$redactedkept:example.org",
              "$purged:example.org")) {
        for (CaptureQueries.Result r : CaptureQueries.run(c.pool, ALICE, null, event, false)) {
          if (r.name().equals("event_algorithm")) {
            STORED.put(event, r);
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "$ok:example.org | Q3 verdict `stored_ok`: the server stores algorithm"
            + " m.megolm.v1.aes-sha2 - a client that cannot read it has a deserialization bug",
        "$noalgorithm:example.org | Q3 verdict `server_data`: content.algorithm is missing in the"
            + " stored event - a data problem on the server (sender or federation), independent"
            + " of KE-1",
        "$redacted:example.org | Q3: the event is redacted; a missing algorithm is expected",
        "$redactedkept:example.org | Q3: the event is redacted; a missing algorithm is expected",
        "$purged:example.org | Q3: the event is not in this database (not received here, or"
            + " purged)",
      })
  void theFindingFollowsTheStoredEvent(String event, String finding) {
    CaptureQueries.Result stored = STORED.get(event);
    assertThat(stored.error()).isNull();
    assertThat(Q3.forEvent(stored)).isEqualTo(finding);
  }
}
