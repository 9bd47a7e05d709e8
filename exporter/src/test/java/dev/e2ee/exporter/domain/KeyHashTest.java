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
}
