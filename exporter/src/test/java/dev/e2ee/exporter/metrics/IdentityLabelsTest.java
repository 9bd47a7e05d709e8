package dev.e2ee.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.e2ee.exporter.config.HashKey;
import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.testing.ProgramHarness;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** User and device ids as Synapse's access log names them (real-synapse/homeserver.log). */
class IdentityLabelsTest {
  static IdentityLabels hashed(byte[] key) {
    return new IdentityLabels(new LabelsConfig(UserIdMode.HASH, Optional.of(new HashKey(key))));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "FULL, @alice:compat.test, @alice:compat.test",
    "FULL, @storm:compat.test, @storm:compat.test",
    "LOCALPART, @alice:compat.test, alice",
    "LOCALPART, @frank:compat.test, frank",
    "LOCALPART, @nocolon, nocolon",
    "LOCALPART, bare, bare",
  })
  void userIdModes(UserIdMode mode, String userId, String label) {
    assertThat(new IdentityLabels(new LabelsConfig(mode)).user(userId)).isEqualTo(label);
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      value = {
        "ALICELAPTOP | ALICELAPTOP",
        "'' | unknown",
        "dev\tice | dev_ice",
        "dev\177ice | dev_ice",
        "dévice | d_vice",
      },
      delimiter = '|')
  void devicesAreCleanedToPrintableAscii(String deviceId, String label) {
    IdentityLabels ids = new IdentityLabels(LabelsConfig.DEFAULTS);
    assertThat(ids.device(deviceId)).isEqualTo(label);
  }

  @Test
  void missingIdsAreUnknownNotEmpty() {
    IdentityLabels ids = new IdentityLabels(LabelsConfig.DEFAULTS);
    assertThat(ids.user(null)).isEqualTo("unknown");
    assertThat(ids.user("")).isEqualTo("unknown");
    assertThat(ids.device(null)).isEqualTo("unknown");
  }

  @Test
  void aClientChosenDeviceIdIsCutToTheLimit() {
    IdentityLabels ids = new IdentityLabels(LabelsConfig.DEFAULTS);
    String exact = "D".repeat(IdentityLabels.MAX_ID_LENGTH);
    assertThat(ids.device(exact)).isEqualTo(exact);
    assertThat(ids.device(exact + "EXTRA")).isEqualTo(exact);
    assertThat(ids.user("@" + "a".repeat(200) + ":compat.test"))
        .hasSize(IdentityLabels.MAX_ID_LENGTH);
  }

  @Test
  void hashedUsersAreStableUnderOneKeyDistinctPerUserAndChangeWithTheKey() {
    IdentityLabels ids = hashed(ProgramHarness.TEST_HASH_KEY);
    String alice = ids.user("@alice:compat.test");
    assertThat(alice).matches("u[0-9a-f]{16}").doesNotContain("alice");
    assertThat(hashed(ProgramHarness.TEST_HASH_KEY).user("@alice:compat.test")).isEqualTo(alice);
    assertThat(ids.user("@bob:compat.test")).isNotEqualTo(alice);
    byte[] otherKey = ProgramHarness.TEST_HASH_KEY.clone();
    otherKey[0] ^= 1;
    assertThat(hashed(otherKey).user("@alice:compat.test")).isNotEqualTo(alice);
  }

  @Test
  void hashModeWithoutAKeyIsAClearError() {
    assertThatThrownBy(() -> new IdentityLabels(new LabelsConfig(UserIdMode.HASH)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a key");
  }
}
