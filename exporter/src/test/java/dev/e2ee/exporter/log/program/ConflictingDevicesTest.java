package dev.e2ee.exporter.log.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.domain.ClientRelease;
import dev.e2ee.exporter.domain.KeyValues;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.evidence.ConflictState;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.testing.MutableClock;
import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Per-device KE-1 state: rejections in a row of one key id, storms, the device bound and idle
 * expiry, as the gauges show them. The device and key ids are those of the storm in
 * replay/real-synapse/homeserver.log.
 */
class ConflictingDevicesTest {
  private static final long T0 = 1_796_540_143_615L; // 2026-12-06 06:55:43,615 UTC
  private static final long QUIET = 60_000;
  private static final long IDLE = 3_600_000;
  private static final String USER = "@storm:compat.test";
  private static final String LOG = "homeserver.log";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));

  private ConflictingDevices devices(int max) {
    ConflictingDevices d =
        new ConflictingDevices(
            max,
            IDLE,
            QUIET,
            new BoundedMetrics(registry, clock)
                .refusalsFor(ConflictingDevices.METRIC, Duration.ofMillis(IDLE)));
    registry.register(d);
    return d;
  }

  private static OtkConflict conflict(String device, String keyId, long at) {
    return new OtkConflict(
        at, LOG, "POST-36", USER, device, "signed_curve25519", keyId, KeyValues.DIFFER, null, null);
  }

  private static @Nullable ConflictState record(
      ConflictingDevices d, String device, String keyId, long at) {
    return d.record(conflict(device, keyId, at), USER, device, ClientRelease.UNKNOWN);
  }

  @ParameterizedTest(name = "key ids {0}: {1} in a row of the last, {2} in all")
  @CsvSource({
    "AAAAAAAAAAE, 1, 1",
    "AAAAAAAAAAE AAAAAAAAAAE AAAAAAAAAAE, 3, 3",
    "AAAAAAAAAAE AAAAAAAAAAI, 1, 2",
    "AAAAAAAAAAE AAAAAAAAAAE AAAAAAAAAAI AAAAAAAAAAI, 2, 4",
    "AAAAAAAAAAE AAAAAAAAAAI AAAAAAAAAAE, 1, 3"
  })
  void repeatsCountRejectionsInARowOfOneKeyId(String keyIds, long repeats, long total) {
    ConflictingDevices d = devices(10);
    ConflictState last = null;
    long at = T0;
    List<String> ids = List.of(keyIds.split(" ", -1));
    for (String keyId : ids) {
      last = record(d, "STORMDESKTOP", keyId, at += 250);
    }

    ConflictState state = Objects.requireNonNull(last);
    assertThat(state.repeats()).isEqualTo(repeats);
    assertThat(state.total()).isEqualTo(total);
    Scrape scrape = Scrape.of(registry);
    String labels = "{device=\"STORMDESKTOP\",user=\"" + USER + "\"}";
    assertThat(scrape.valueOrFail("synapse_e2ee_otk_conflict_repeats" + labels))
        .isEqualTo((double) repeats);
    assertThat(scrape.valueOrFail("synapse_e2ee_otk_conflict_last_timestamp_seconds" + labels))
        .isEqualTo(at / 1000.0);
    assertThat(d.recent()).hasSize(ids.size());
  }

  @ParameterizedTest(name = "a rejection {0} ms after the last one continues the storm: {1}")
  @CsvSource({"1, true", "60000, true", "60001, false"})
  void aRejectionAfterTheQuietPeriodStartsANewStorm(long gap, boolean sameStorm) {
    ConflictingDevices d = devices(10);
    record(d, "STORMDESKTOP", "AAAAAAAAAAE", T0);

    ConflictState next = Objects.requireNonNull(record(d, "STORMDESKTOP", "AAAAAAAAAAE", T0 + gap));

    assertThat(next.stormStartMillis()).isEqualTo(sameStorm ? T0 : T0 + gap);
  }

  @Test
  void aDeviceBeyondTheBoundIsRefusedAndCountedOnce() {
    ConflictingDevices d = devices(1);
    assertThat(record(d, "STORMDESKTOP", "AAAAAAAAAAE", T0)).isNotNull();

    assertThat(record(d, "STORMPHONE", "AAAAAAAAAAE", T0 + 1)).isNull();
    assertThat(record(d, "STORMPHONE", "AAAAAAAAAAE", T0 + 2)).isNull();
    assertThat(record(d, "STORMDESKTOP", "AAAAAAAAAAE", T0 + 3)).as("known device").isNotNull();

    assertThat(d.devices()).extracting(ConflictState::deviceLabel).containsExactly("STORMDESKTOP");
    assertThat(
            Scrape.of(registry)
                .valueOrFail(
                    "synapse_e2ee_series_dropped_total{metric=\""
                        + ConflictingDevices.METRIC
                        + "\"}"))
        .isEqualTo(1);
    assertThat(d.recent()).as("recent conflicts keep refused devices too").hasSize(4);
  }

  @Test
  void idleDevicesAreForgottenOnTheClockOfTheirLog() {
    ConflictingDevices d = devices(10);
    record(d, "STORMDESKTOP", "AAAAAAAAAAE", T0);
    NewestRecords logClock = new NewestRecords();
    long wallFarAhead = T0 + 10 * IDLE; // a replay of an old log: the wall clock does not count

    logClock.advance(LOG, T0 + IDLE);
    d.expire(logClock, wallFarAhead);
    assertThat(d.devices()).hasSize(1);
    assertThat(d.active(logClock, QUIET, wallFarAhead)).as("quiet for an hour").isEmpty();

    logClock.advance(LOG, T0 + IDLE + 1);
    d.expire(logClock, wallFarAhead);
    assertThat(d.devices()).isEmpty();
  }

  @Test
  void activeListsTheLatestConflictOfEachDeviceStillStorming() {
    ConflictingDevices d = devices(10);
    record(d, "STORMDESKTOP", "AAAAAAAAAAE", T0);
    record(d, "STORMDESKTOP", "AAAAAAAAAAI", T0 + 1_000);
    record(d, "OLDPHONE", "AAAAAAAAAAE", T0 - QUIET);
    NewestRecords logClock = new NewestRecords();
    logClock.advance(LOG, T0 + 1_000);

    assertThat(d.active(logClock, QUIET, 0))
        .extracting(OtkConflict::deviceId, OtkConflict::keyId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("STORMDESKTOP", "AAAAAAAAAAI"));
  }
}
