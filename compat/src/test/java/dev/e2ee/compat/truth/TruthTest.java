package dev.e2ee.compat.truth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class TruthTest {
  @Test
  void aDeviceClaimedEmptyHasNoKeysLeftAndItsFallbackUsed() {
    Truth truth = new Truth("hs");
    DeviceTruth bob = truth.device("@bob:hs", "PHONE", "agent", "Element X Android", "25.04.3");
    bob.uploadAccepted(2, true, true);
    bob.keyClaimed(false);
    bob.keyClaimed(false);
    bob.keyClaimed(true);
    assertThat(bob.otkStored()).isZero();
    assertThat(bob.keysClaimed()).isEqualTo(3);
    assertThat(bob.fallbackUsed()).isTrue();
    bob.uploadAccepted(1, true, false);
    assertThat(bob.fallbackUsed()).as("a new fallback key replaces the used one").isFalse();
  }

  @Test
  void toDevicePendingIsWhatWasSentSinceTheLastAcknowledgement() {
    DeviceTruth d = new Truth("hs").device("@c:hs", "Q", "a", "browser", "");
    d.toDeviceQueued(2);
    d.toDeviceDrained();
    d.toDeviceQueued(3);
    assertThat(d.toDevicePending()).isEqualTo(3);
  }

  @Test
  void theJsonCarriesFiguresButNeverTheSecrets() {
    Truth truth = new Truth("hs");
    truth.secret("syt_secret_token");
    truth.request("update_delayed_event", "200");
    truth.request("update_delayed_event", Truth.ABANDONED);
    truth.request("keys_upload", "400");
    truth.delayedPending("@f:hs", 1);
    truth.device("@s:hs", "S", "a", "Element Desktop", "1.12.8").uploadConflicted("k", true);
    JsonNode json = truth.toJson();
    assertThat(json.toString()).doesNotContain("syt_secret_token");
    assertThat(json.path("abandoned").asInt()).isEqualTo(1);
    assertThat(json.path("requests").path("keys_upload").path("400").asInt()).isEqualTo(1);
    assertThat(json.path("devices").get(0).path("otk_conflicts").asInt()).isEqualTo(1);
    assertThat(truth.abandoned()).isEqualTo(1);
  }

  @Test
  void aMarkIsFoundByNameAndAMissingOneIsEmpty() {
    Truth truth = new Truth("hs");
    java.time.Instant frozen = java.time.Instant.parse("2026-12-06T08:00:00Z");
    truth.mark("stall: SIGSTOP", frozen);
    truth.mark("stall: SIGSTOP", frozen.plusSeconds(60));
    assertThat(truth.marked("stall: SIGSTOP")).contains(frozen);
    assertThat(truth.marked("stall: SIGCONT")).isEmpty();
  }
}
