package dev.e2ee.exporter.http;

import io.vertx.core.net.SocketAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * Who a client is, for budgets and turns: its IPv4 address, or its IPv6 /64 - one host usually
 * holds a whole /64, and counting its addresses one by one would give it as many budgets and turns
 * as it cares to use.
 */
final class ClientKey {
  private ClientKey() {}

  static String of(@Nullable SocketAddress remote) {
    String host = remote == null ? null : remote.hostAddress();
    if (host == null || !host.contains(":")) {
      return host == null ? "unknown" : host;
    }
    try {
      // A literal IPv6 address: parsed, never looked up.
      InetAddress address = InetAddress.getByName(host);
      if (address instanceof Inet6Address) {
        byte[] b = address.getAddress();
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
          prefix.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
        }
        return prefix.append(":/64").toString();
      }
      return address.getHostAddress();
    } catch (UnknownHostException e) {
      return host;
    }
  }
}
