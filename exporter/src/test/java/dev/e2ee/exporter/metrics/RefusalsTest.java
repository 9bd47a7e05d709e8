package dev.e2ee.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.MutableClock;
import io.prometheus.metrics.core.metrics.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each refused label set counts once while it keeps coming, again once it has been idle. */
class RefusalsTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T06:55:43Z"));
  final Counter dropped = Counter.builder().name("synapse_e2ee_test_dropped").build();
  final Refusals refusals = new Refusals(dropped, Duration.ofMinutes(10), clock);

  static List<String> device(String user, String device) {
    return List.of(user, device, "signed_curve25519");
  }

  /** STORM's {@code device} is refused again after {@code idle}. */
  void refuseAfter(Duration idle, String device) {
    clock.advance(idle);
    refusals.refuse(device("@storm:compat.test", device));
  }

  @Test
  void aDeviceThatKeepsSendingIsOneRefusal() {
    for (int i = 0; i < 5; i++) {
      refusals.refuse(device("@storm:compat.test", "STORM1"));
      clock.advance(Duration.ofMinutes(1));
    }
    refusals.refuse(device("@storm:compat.test", "STORM2"));
    assertThat(dropped.get()).isEqualTo(2);
    assertThat(refusals.remembered()).isEqualTo(2);
  }

  @Test
  void aSetRefusedAgainWithinTheTtlIsNotCountedAgainButAfterItIs() {
    refuseAfter(Duration.ZERO, "STORM1");
    refuseAfter(Duration.ofMinutes(10), "STORM1");
    assertThat(dropped.get()).isEqualTo(1);
    refuseAfter(Duration.ofMinutes(10).plusMillis(1), "STORM1");
    assertThat(dropped.get()).isEqualTo(2);
  }

  @Test
  void expiryForgetsOnlySetsIdlePastTheTtl() {
    refuseAfter(Duration.ZERO, "OLD");
    refuseAfter(Duration.ofMinutes(8), "RECENT");
    clock.advance(Duration.ofMinutes(3));
    assertThat(refusals.expireIdle()).isEqualTo(1);
    assertThat(refusals.remembered()).isEqualTo(1);
    // The forgotten one counts again when it comes back, the remembered one does not.
    refusals.refuse(device("@storm:compat.test", "OLD"));
    refusals.refuse(device("@storm:compat.test", "RECENT"));
    assertThat(dropped.get()).isEqualTo(3);
  }

  @Test
  void theMemoryIsBoundedAndAFloodCanOnlyOvercount() {
    for (int i = 0; i <= Refusals.MAX_REMEMBERED; i++) {
      refusals.refuse(device("@storm:compat.test", "D" + i));
    }
    assertThat(refusals.remembered()).isEqualTo(Refusals.MAX_REMEMBERED);
    refusals.refuse(device("@storm:compat.test", "D0")); // the oldest was forgotten
    assertThat(dropped.get()).isEqualTo(Refusals.MAX_REMEMBERED + 2);
  }
}
