package dev.e2ee.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListenConfigTest {
  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, 127.0.0.1, 127.0.0.1",
    "0.0.0.0, 127.0.0.1, 0.0.0.0",
    "::, 127.0.0.1, [::]",
    "::1, [::1], [::1]",
    "192.0.2.7, 192.0.2.7, 192.0.2.7",
    "fd00::7, [fd00::7], [fd00::7]"
  })
  void aWildcardIsReachedOnLoopbackAndAnIpv6AddressIsBracketed(
      String address, String forLocalClients, String asBound) {
    ListenConfig listen = new ListenConfig(address, 9477);
    assertThat(listen.hostForLocalClients()).isEqualTo(forLocalClients);
    assertThat(listen.hostAsBound()).isEqualTo(asBound);
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1, 9477"})
  void theDefaultListensOnLoopbackOnly(String address, int port) {
    assertThat(ListenConfig.DEFAULTS.address()).isEqualTo(address);
    assertThat(ListenConfig.DEFAULTS.port()).isEqualTo(port);
    assertThat(ListenConfig.DEFAULTS.tls()).isEmpty();
    assertThat(ListenConfig.DEFAULTS.basicAuth()).isEmpty();
  }
}
