package dev.e2ee.exporter.config;

import java.util.Optional;

/** The HTTP listener; TLS and basic auth are optional and off by default. */
public record ListenConfig(
    String address,
    int port,
    Optional<TlsConfig> tls,
    Optional<BasicAuthConfig> basicAuth,
    LimitsConfig limits) {
  public ListenConfig(String address, int port) {
    this(address, port, Optional.empty(), Optional.empty(), LimitsConfig.DEFAULTS);
  }

  public ListenConfig(
      String address, int port, Optional<TlsConfig> tls, Optional<BasicAuthConfig> basicAuth) {
    this(address, port, tls, basicAuth, LimitsConfig.DEFAULTS);
  }

  /** The host part of a URL a client on this machine uses: loopback for a wildcard address. */
  public String hostForLocalClients() {
    if ("0.0.0.0".equals(address) || "::".equals(address)) {
      return "127.0.0.1";
    }
    return hostAsBound();
  }

  /** The host part of a URL naming the address bound, wildcard included (0.0.0.0, [::]). */
  public String hostAsBound() {
    return address.contains(":") ? "[" + address + "]" : address;
  }
}
