package dev.e2ee.exporter.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/** Whether {@code listen.address} can be bound at all, decided when the config is read. */
final class ListenAddress {
  private ListenAddress() {}

  /** A reason the address is unusable, or null when it is an IP literal or a name that resolves. */
  static @Nullable String problem(String address) {
    if (address.matches("[0-9.]+")) {
      String[] parts = address.split("\\.", -1);
      if (parts.length != 4) {
        return address + " is not an IPv4 address (four numbers 0-255 separated by dots)";
      }
      for (String p : parts) {
        if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
          return address + " is not an IPv4 address (four numbers 0-255 separated by dots)";
        }
      }
      return null;
    }
    try {
      InetAddress.getByName(address); // an IPv6 literal is parsed; a name is resolved
      return null;
    } catch (UnknownHostException e) {
      return address + " is neither an IP address nor a host name that resolves here";
    }
  }
}
