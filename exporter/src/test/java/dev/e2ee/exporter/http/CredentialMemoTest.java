package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CredentialMemoTest {
  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void knowsNothingUntilToldThenOnlyTheSameCredential() {
    CredentialMemo memo = new CredentialMemo();
    byte[] right = memo.digest(bytes("prometheus:correct horse"));
    assertThat(memo.isKnown()).isFalse();
    assertThat(memo.matches(right)).isFalse();
    memo.remember(right);
    assertThat(memo.matches(memo.digest(bytes("prometheus:correct horse")))).isTrue();
    assertThat(memo.matches(memo.digest(bytes("prometheus:correct horsE")))).isFalse();
    assertThat(memo.matches(memo.digest(bytes("Prometheus:correct horse")))).isFalse();
  }

  @Test
  void eachProcessHasItsOwnKey() {
    byte[] credential = bytes("prometheus:correct horse");
    assertThat(new CredentialMemo().digest(credential))
        .hasSize(32)
        .isNotEqualTo(new CredentialMemo().digest(credential));
  }
}
