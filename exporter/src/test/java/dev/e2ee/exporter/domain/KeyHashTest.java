package dev.e2ee.exporter.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyHashTest {
  /** Expected values from {@code sha256sum}, first 16 hex digits: KeyHash is plain SHA-256. */
  @ParameterizedTest
  @CsvSource({
    // the "Old key" value of a rejected upload in replay/real-synapse/homeserver.log
    "BZI6HVy6fa2Ln/gFETX44+dy/CPBcm6g4HLegvjAbpE, ba14769a14acc26f",
    "'', e3b0c44298fc1c14",
    "é, 4a99557e4033c353"
  })
  void isTheFirst8BytesOfSha256OfTheUtf8Value(String keyValue, String sha256sumPrefix) {
    String hash = KeyHash.of(keyValue);
    assertThat(hash).hasSize(16).isEqualTo(sha256sumPrefix);
  }

  @Test
  void oneCharacterChangesTheHashAndNoValueIsNoHash() {
    assertThat(KeyHash.of("BZI6HVy6fa2Ln/gFETX44+dy/CPBcm6g4HLegvjAbpF"))
        .isNotEqualTo(KeyHash.of("BZI6HVy6fa2Ln/gFETX44+dy/CPBcm6g4HLegvjAbpE"));
    assertThat(KeyHash.of(null)).isNull();
  }

  @Test
  void aValueAskedAgainAfterOthersGetsItsOwnHashBack() {
    String a = KeyHash.of("stored");
    String b = KeyHash.of("uploaded");
    String c = KeyHash.of("third");
    // Alternating as a storm does, and back to one pushed out of the recent ones.
    assertThat(KeyHash.of("uploaded")).isEqualTo(b);
    assertThat(KeyHash.of("third")).isEqualTo(c);
    assertThat(KeyHash.of("stored")).isEqualTo(a).isNotEqualTo(b).isNotEqualTo(c);
    assertThat(KeyHash.of(new String("third".toCharArray()))).isEqualTo(c); // equal, not same
    assertThat(a).isEqualTo("87b04e58961f9a99"); // sha256sum of "stored"
  }
}
