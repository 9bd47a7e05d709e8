package dev.e2ee.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.metrics.BoundedMetrics.BoundedCounter;
import dev.e2ee.exporter.metrics.BoundedMetrics.BoundedHistogram;
import dev.e2ee.exporter.testing.MutableClock;
import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedMetricsTest {
  final PrometheusRegistry registry = new PrometheusRegistry();
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
  final BoundedMetrics metrics = new BoundedMetrics(registry, clock);

  BoundedCounter conflicts(int cap) {
    return metrics.counter(
        new BoundedMetrics.Spec(
            "synapse_e2ee_test_conflicts",
            "test",
            List.of("user", "device", "algorithm"),
            List.of("user", "device"),
            cap,
            Duration.ofMinutes(10)));
  }

  @Test
  void seriesBeyondTheCapGoToOverflowAndAreCounted() {
    BoundedCounter counter = conflicts(2);
    counter.labelValues("@a:x", "A", "signed_curve25519").inc();
    counter.labelValues("@b:x", "B", "signed_curve25519").inc(2);
    counter.labelValues("@c:x", "C", "signed_curve25519").inc(3);
    counter.labelValues("@d:x", "D", "signed_curve25519").inc(4);
    counter.labelValues("@a:x", "A", "signed_curve25519").inc(); // existing series still admitted

    Scrape scrape = Scrape.of(registry);
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_test_conflicts_total{algorithm=\"signed_curve25519\",device=\"A\",user=\"@a:x\"}"))
        .isEqualTo(2);
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_test_conflicts_total{algorithm=\"signed_curve25519\",device=\"B\",user=\"@b:x\"}"))
        .isEqualTo(2);
    // The two refused devices are summed, not lost: the total over all series stays 11.
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_test_conflicts_total{algorithm=\"signed_curve25519\",device=\"_overflow\",user=\"_overflow\"}"))
        .isEqualTo(7);
    assertThat(
            scrape.value(
                "synapse_e2ee_test_conflicts_total{algorithm=\"signed_curve25519\",device=\"C\",user=\"@c:x\"}"))
        .isEmpty();
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_test_conflicts\"}"))
        .isEqualTo(2);
  }

  @Test
  void idleSeriesAreRemovedAndFreeTheirSlot() {
    BoundedCounter counter = conflicts(1);
    counter.labelValues("@a:x", "A", "signed_curve25519").inc();
    clock.advance(Duration.ofMinutes(11));
    assertThat(metrics.expireIdle()).isEqualTo(1);
    counter.labelValues("@b:x", "B", "signed_curve25519").inc();

    Scrape scrape = Scrape.of(registry);
    assertThat(
            scrape.value(
                "synapse_e2ee_test_conflicts_total{algorithm=\"signed_curve25519\",device=\"A\",user=\"@a:x\"}"))
        .isEmpty();
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_test_conflicts_total{algorithm=\"signed_curve25519\",device=\"B\",user=\"@b:x\"}"))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_test_conflicts\"}"))
        .hasValue(0);
  }

  @Test
  void recentlyTouchedSeriesSurviveExpiry() {
    BoundedCounter counter = conflicts(5);
    counter.labelValues("@a:x", "A", "signed_curve25519").inc();
    counter.labelValues("@b:x", "B", "signed_curve25519").inc();
    clock.advance(Duration.ofMinutes(8));
    counter.labelValues("@a:x", "A", "signed_curve25519").inc();
    clock.advance(Duration.ofMinutes(3));
    assertThat(metrics.expireIdle()).isEqualTo(1);
    assertThat(counter.seriesCount()).isEqualTo(1);
  }

  @Test
  void explicitRemovalFreesTheSlot() {
    BoundedCounter counter = conflicts(1);
    counter.labelValues("@a:x", "A", "signed_curve25519").inc();
    counter.remove("@a:x", "A", "signed_curve25519");
    counter.labelValues("@b:x", "B", "signed_curve25519").inc();
    assertThat(
            Scrape.of(registry)
                .value("synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_test_conflicts\"}"))
        .hasValue(0);
  }

  @Test
  void histogramsAreBoundedToo() {
    BoundedHistogram latency =
        metrics.histogram(
            new BoundedMetrics.Spec(
                "synapse_e2ee_test_latency_seconds",
                "test",
                List.of("user"),
                List.of("user"),
                1,
                Duration.ofMinutes(10)),
            0.1,
            1);
    latency.labelValues("@a:x").observe(0.05);
    latency.labelValues("@b:x").observe(0.5);
    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.valueOrFail("synapse_e2ee_test_latency_seconds_count{user=\"@a:x\"}"))
        .isEqualTo(1);
    assertThat(scrape.valueOrFail("synapse_e2ee_test_latency_seconds_count{user=\"_overflow\"}"))
        .isEqualTo(1);
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_test_latency_seconds\"}"))
        .isEqualTo(1);
  }

  @Test
  void aRefusedSeriesIsCountedOnceUntilItHasBeenIdlePastTheTtl() {
    BoundedCounter counter = conflicts(1);
    counter.labelValues("@a:x", "A", "signed_curve25519").inc();
    for (int i = 0; i < 5; i++) {
      counter.labelValues("@b:x", "B", "signed_curve25519").inc();
    }
    assertThat(
            Scrape.of(registry)
                .valueOrFail(
                    "synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_test_conflicts\"}"))
        .isEqualTo(1);
    // Refused again within the TTL: still the same refused series.
    clock.advance(Duration.ofMinutes(9));
    counter.labelValues("@a:x", "A", "signed_curve25519").inc();
    counter.labelValues("@b:x", "B", "signed_curve25519").inc();
    metrics.expireIdle();
    assertThat(
            Scrape.of(registry)
                .valueOrFail(
                    "synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_test_conflicts\"}"))
        .isEqualTo(1);
    // Idle past the TTL, then refused again: a new refusal, as an expired series would be new.
    clock.advance(Duration.ofMinutes(11));
    metrics.expireIdle();
    counter.labelValues("@c:x", "C", "signed_curve25519").inc(); // takes the freed slot
    counter.labelValues("@b:x", "B", "signed_curve25519").inc();
    assertThat(
            Scrape.of(registry)
                .valueOrFail(
                    "synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_test_conflicts\"}"))
        .isEqualTo(2);
  }

  @Test
  void theMemoryOfRefusalsIsBoundedAndErrsOnlyUpwards() {
    Refusals refusals = metrics.refusalsFor("synapse_e2ee_test_bounded", Duration.ofHours(1));
    for (int i = 0; i <= Refusals.MAX_REMEMBERED; i++) {
      refusals.refuse(List.of("@u" + i + ":x"));
    }
    assertThat(refusals.remembered()).isEqualTo(Refusals.MAX_REMEMBERED);
    refusals.refuse(List.of("@u0:x")); // forgotten as the oldest: counted again
    assertThat(
            Scrape.of(registry)
                .valueOrFail(
                    "synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_test_bounded\"}"))
        .isEqualTo(Refusals.MAX_REMEMBERED + 2);
  }
}
