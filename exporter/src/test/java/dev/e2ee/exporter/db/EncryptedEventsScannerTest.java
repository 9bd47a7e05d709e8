package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.evidence.MissingAlgorithm;
import dev.e2ee.exporter.testing.Scrape;
import org.junit.jupiter.api.Test;

/**
 * EncryptedEventsScanner: encrypted events without an algorithm, found incrementally, redacted ones
 * excluded. Against a real PostgreSQL with the Synapse schema; expected values are the SQL ground
 * truth.
 */
class EncryptedEventsScannerTest extends CollectorHarness {
  @Test
  void encryptedEventsWithoutAlgorithmAreFoundIncrementallyRedactedOnesExcluded() throws Exception {
    long ordering = 1;
    // Received a month ago, before the lookback: the scan starts after it.
    db.rows()
        .encryptedEvent("$old-bad", "!r:example.org", B, ordering++, NOW - 30L * 86_400_000, null);
    for (int i = 0; i < 30; i++) {
      db.rows()
          .encryptedEvent(
              "$ok" + i,
              "!r:example.org",
              A,
              ordering++,
              NOW - 3_600_000 + i,
              "m.megolm.v1.aes-sha2");
    }
    db.rows()
        .encryptedEvent("$bad1", "!r:example.org", B, ordering++, NOW - 1000, null)
        .encryptedEvent("$redacted", "!r:example.org", B, ordering++, NOW - 900, null)
        .redaction("$red", "$redacted", NOW - 800)
        .event(
            "$text",
            "!r:example.org",
            A,
            "m.room.message",
            ordering++,
            NOW - 700,
            "{\"body\":\"hi\"}");
    EncryptedEventsScanner scanner = new EncryptedEventsScanner(registry, 7L * 86_400_000, 10);
    Scrape s = run(scanner, watching());
    assertThat(s.valueOrFail("synapse_e2ee_encrypted_events_missing_algorithm_total")).isEqualTo(1);
    assertThat(scanner.recent()).extracting(MissingAlgorithm::eventId).containsExactly("$bad1");
    assertThat(s.valueOrFail("synapse_e2ee_encrypted_events_scan_behind")).isZero();
    // A new offending event is found on the next round, the old ones are not counted again.
    db.rows().encryptedEvent("$bad2", "!r:example.org", B, ordering++, NOW, null);
    Scrape next = run(scanner, watching());
    assertThat(next.valueOrFail("synapse_e2ee_encrypted_events_missing_algorithm_total"))
        .isEqualTo(2);
    assertThat(next.valueOrFail("synapse_e2ee_encrypted_events_scan_position"))
        .isEqualTo((double) (ordering - 1));
    long truth =
        db.queryLong(
            "SELECT count(*) FROM events e JOIN event_json j USING (event_id) WHERE e.type='m.room.encrypted'"
                + " AND e.origin_server_ts >= "
                + (NOW - 7L * 86_400_000)
                + " AND (j.json::jsonb->'content'->'algorithm') IS NULL AND NOT EXISTS (SELECT 1 FROM redactions r WHERE r.redacts=e.event_id)");
    assertThat(truth).isEqualTo(2);
  }
}
