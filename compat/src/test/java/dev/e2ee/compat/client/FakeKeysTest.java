package dev.e2ee.compat.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FakeKeysTest {
  @Test
  void keysHaveTheShapeOfCurve25519AndEd25519() {
    assertThat(FakeKeys.key("x")).hasSize(43).isEqualTo(FakeKeys.key("x"));
    assertThat(FakeKeys.key("x")).isNotEqualTo(FakeKeys.key("y"));
    assertThat(FakeKeys.signature("x")).hasSize(86);
  }

  @Test
  void keyIdsAreCountersInUnpaddedBase64() {
    assertThat(FakeKeys.keyId(1, true)).isEqualTo("AAAAAAAAAAE");
    assertThat(FakeKeys.keyId(1, false)).isEqualTo("AAAAAQ");
    assertThat(FakeKeys.keyId(3, false)).isEqualTo("AAAAAw");
  }
}
