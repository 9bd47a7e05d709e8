package dev.e2ee.compat.drive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.e2ee.compat.client.Http;
import dev.e2ee.compat.truth.DeviceTruth;
import dev.e2ee.compat.truth.Truth;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyClaimsTest {
  @Test
  void recordsEachKeyOnItsDeviceAndTellsTheFallbackKeyApart() throws Exception {
    Truth truth = new Truth("hs");
    DeviceTruth a = truth.device("@a:hs", "A", "ua", "c", "");
    DeviceTruth b = truth.device("@b:hs", "B", "ua", "c", "");
    a.uploadAccepted(2, true, true);
    b.uploadAccepted(0, true, true);
    // The shape of Synapse's answer to one claim for two users' devices.
    String answer =
        """
        {"@a:hs": {"A": {"signed_curve25519:AAAAAQ": {"key": "k", "signatures": {}}}},
         "@b:hs": {"B": {"signed_curve25519:AAAAAw": {"key": "f", "fallback": true, "signatures": {}}}}}
        """;
    int n = KeyClaims.record(Http.JSON.readTree(answer), Map.of("@a:hs|A", a, "@b:hs|B", b));
    assertThat(n).isEqualTo(2);
    assertThat(a.keysClaimed()).isEqualTo(1);
    assertThat(a.otkStored()).isEqualTo(1);
    assertThat(a.fallbackUsed()).isFalse();
    assertThat(b.keysClaimed()).isEqualTo(1);
    assertThat(b.fallbackUsed()).isTrue();
  }

  @Test
  void anAnswerForADeviceNotAskedIsAnError() {
    assertThatThrownBy(
            () -> KeyClaims.record(Http.JSON.readTree("{\"@x:hs\": {\"X\": {}}}"), Map.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not asked");
  }
}
