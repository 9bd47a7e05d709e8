package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

class ClientKeyTest {

  @Test
  void ipv4IsTheAddressAndIpv6IsItsSlash64() {
    assertThat(ClientKey.of(SocketAddress.inetSocketAddress(1, "127.0.0.7")))
        .isEqualTo("127.0.0.7");
    assertThat(ClientKey.of(SocketAddress.inetSocketAddress(1, "2001:db8:1:2:aaaa::1")))
        .isEqualTo("2001:db8:1:2::/64")
        .isEqualTo(ClientKey.of(SocketAddress.inetSocketAddress(1, "2001:db8:1:2:ffff::9")));
    assertThat(ClientKey.of(null)).isEqualTo("unknown");
  }
}
