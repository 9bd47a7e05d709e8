package dev.e2ee.exporter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OtherIdentitiesTest {
  final OtherIdentities others = new OtherIdentities("@alice:compat.test");

  @Test
  void aClaimKeepsItsUserAndHidesTheOtherUserAndTheirDevice() {
    assertThat(
            others.scrub(
                "Claimed one-time-keys: signed_curve25519:AAAAAw for @alice:compat.test:ALICEX,"
                    + "signed_curve25519:AAAAHw for @bob:compat.test:BOBPHONE"))
        .isEqualTo(
            "Claimed one-time-keys: signed_curve25519:AAAAAw for @alice:compat.test:ALICEX,"
                + "signed_curve25519:AAAAHw for <other user 1>:<their device>");
  }

  @Test
  void theSameOtherUserKeepsOneNumberWithinABundle() {
    assertThat(others.scrub("{@carol:compat.test} @dave:hs.example:8448 @carol:compat.test."))
        .isEqualTo("{<other user 1>} <other user 2> <other user 1>.");
    assertThat(others.scrub("sender @dave:hs.example:8448")).isEqualTo("sender <other user 2>");
  }

  @Test
  void theUsersOwnIdAtTheEndOfASentenceIsTheirs() {
    assertThat(others.scrub("Logging in user @alice:compat.test."))
        .isEqualTo("Logging in user @alice:compat.test.");
    assertThat(others.namesAnother("for user '@alice:compat.test' at 1")).isFalse();
    assertThat(others.namesAnother("\\\"@alicia:compat.test\\\"")).isTrue();
  }
}
