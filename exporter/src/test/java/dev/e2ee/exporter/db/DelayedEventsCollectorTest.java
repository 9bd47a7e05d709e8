package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.testing.Scrape;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * DelayedEventsCollector: pending and overdue delayed events per user, with the users beyond the
 * cap summed into a counted overflow. Against a real PostgreSQL with the Synapse schema; expected
 * values are the SQL ground truth.
 */
class DelayedEventsCollectorTest extends CollectorHarness {
  @Test
  void delayedEventsPendingOverdueAndUsersBeyondTheCap() throws Exception {
    db.rows()
        .delayedEvent("dave", "DC", "syd_1", 8000, NOW - 60_000, "!r:example.org", false)
        .delayedEvent("dave", "DC", "syd_2", 8000, NOW + 5_000, "!r:example.org", false)
        .delayedEvent(
            "dave",
            "DC",
            "syd_3",
            8000,
            NOW - 90_000,
            "!r:example.org",
            true) // processed: not pending
        .delayedEvent(
            "erin",
            "EC",
            "syd_4",
            8000,
            NOW - 5_000,
            "!r:example.org",
            false) // within grace: not overdue
        .delayedEvent("fred", "FC", "syd_5", 8000, NOW - 20_000, "!r:example.org", false);
    var dropped =
        new BoundedMetrics(registry, Clock.systemUTC())
            .refusalsFor(DelayedEventsCollector.PENDING_FAMILY, Duration.ofHours(1));
    DelayedEventsCollector delayed =
        new DelayedEventsCollector(ids, "example.org", 10_000, 2, dropped);
    Scrape s = run(delayed, watching());
    assertThat(s.valueOrFail("synapse_e2ee_delayed_events_pending{user=\"@dave:example.org\"}"))
        .isEqualTo(
            (double)
                db.queryLong(
                    "SELECT count(*) FROM delayed_events WHERE user_localpart='dave' AND NOT is_processed"))
        .isEqualTo(2);
    assertThat(s.valueOrFail("synapse_e2ee_delayed_events_overdue{user=\"@dave:example.org\"}"))
        .isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_delayed_events_overdue{user=\"@fred:example.org\"}"))
        .isEqualTo(1);
    // Two users fit; the third (erin: nothing overdue, so ranked last) is summed into _overflow.
    assertThat(s.valueOrFail("synapse_e2ee_delayed_events_pending{user=\"_overflow\"}"))
        .isEqualTo(1);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_delayed_events_pending\"}"))
        .isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_delayed_events_max_overdue_seconds")).isEqualTo(60);
    // The same user refused again on the next rounds is still one refused series.
    run(delayed, watching());
    assertThat(
            Scrape.of(registry)
                .valueOrFail(
                    "synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_delayed_events_pending\"}"))
        .isEqualTo(1);
  }
}
