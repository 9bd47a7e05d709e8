package dev.e2ee.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.bcrypt.BCrypt;

class PasswordHashTest {
  /**
   * Made outside Java, by Python's {@code hashlib.pbkdf2_hmac('sha256', b'correct horse',
   * b'exporter-salt-16', 1000, 32)}: the stored format is plain PBKDF2, not a private encoding.
   */
  private static final String PYTHON_PBKDF2 =
      "pbkdf2-sha256$1000$ZXhwb3J0ZXItc2FsdC0xNg==$hBa8/tPT7YXIXfdRp03ZEM/kGFPno85KsWRV2DFdBxg=";

  @ParameterizedTest
  @CsvSource({
    "correct horse, true",
    "correct horsE, false",
    "'correct horse ', false",
    "'', false"
  })
  void aHashMadeElsewhereWithPbkdf2VerifiesOnlyItsPassword(String password, boolean verifies) {
    assertThat(PasswordHash.isWellFormed(PYTHON_PBKDF2)).isTrue();
    assertThat(PasswordHash.verify(password.toCharArray(), PYTHON_PBKDF2)).isEqualTo(verifies);
  }

  @Test
  void hashPasswordWritesAWellFormedSaltedHashThatVerifies() {
    String first = PasswordHash.hash("correct horse".toCharArray());
    String second = PasswordHash.hash("correct horse".toCharArray());
    assertThat(first).startsWith("pbkdf2-sha256$" + PasswordHash.ITERATIONS + "$");
    assertThat(PasswordHash.isWellFormed(first)).isTrue();
    assertThat(first).as("a random salt per hash").isNotEqualTo(second);
    assertThat(PasswordHash.verify("correct horse".toCharArray(), first)).isTrue();
    assertThat(PasswordHash.verify("correct horse".toCharArray(), second)).isTrue();
    assertThat(PasswordHash.verify("wrong".toCharArray(), first)).isFalse();
  }

  @Test
  void aChangedDerivedKeyOrIterationCountNoLongerVerifies() {
    String otherKey = PYTHON_PBKDF2.replace("hBa8", "hBa9");
    String otherCount = PYTHON_PBKDF2.replace("$1000$", "$1001$");
    assertThat(PasswordHash.verify("correct horse".toCharArray(), otherKey)).isFalse();
    assertThat(PasswordHash.verify("correct horse".toCharArray(), otherCount)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"$2a, 4", "$2b, 5", "$2y, 4"})
  void bcryptHashesVerifyTheirPasswordOnly(String prefix, int cost) {
    String hash = BCrypt.hashpw("correct horse", BCrypt.gensalt(prefix, cost));
    assertThat(PasswordHash.isWellFormed(hash)).isTrue();
    assertThat(PasswordHash.verify("correct horse".toCharArray(), hash)).isTrue();
    assertThat(PasswordHash.verify("correct horsE".toCharArray(), hash)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "correct horse",
        "pbkdf2-sha256$1000$ZXhwb3J0ZXItc2FsdC0xNg==",
        "pbkdf2-sha256$100$ZXhwb3J0ZXItc2FsdC0xNg==$hBa8/tPT7YXIXfdRp03ZEM/kGFPno85KsWRV2DFdBxg=",
        "pbkdf2-sha1$1000$ZXhwb3J0ZXItc2FsdC0xNg==$hBa8/tPT7YXIXfdRp03ZEM/kGFPno85KsWRV2DFdBxg=",
        "pbkdf2-sha256$1000$c2hvcnQ=$hBa8/tPT7YXIXfdRp03ZEM/kGFPno85KsWRV2DFdBxg=",
        "$2x$04$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
        "$2a$03$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
        "$2a$04$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ0123",
        "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g="
      })
  void anythingElseIsMalformedAndNeverVerifies(String hash) {
    assertThat(PasswordHash.isWellFormed(hash)).isFalse();
    assertThat(PasswordHash.verify("correct horse".toCharArray(), hash)).isFalse();
  }
}
