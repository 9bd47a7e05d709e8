package dev.e2ee.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListenAddressTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "192.0.2.7", "::", "::1", "fd00::7"})
  void anIpLiteralIsUsable(String address) {
    assertThat(ListenAddress.problem(address)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost"})
  void aNameThatResolvesIsUsable(String address) {
    assertThat(ListenAddress.problem(address)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"256.0.0.1", "127.0.0", "127.0.0.1.1", "1..2.3", "0127.0.0.1", "127.0.0."})
  void aMalformedDottedQuadIsNotAnIpv4Address(String address) {
    assertThat(ListenAddress.problem(address))
        .isEqualTo(address + " is not an IPv4 address (four numbers 0-255 separated by dots)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-such-host.invalid", "fd00::zz"})
  void aNameThatDoesNotResolveIsRefused(String address) {
    assertThat(ListenAddress.problem(address))
        .isEqualTo(address + " is neither an IP address nor a host name that resolves here");
  }
}
