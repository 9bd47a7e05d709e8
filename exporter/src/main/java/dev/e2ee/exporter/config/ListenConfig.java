package dev.e2ee.exporter.config;

import java.util.Optional;

/** The HTTP listener; TLS and basic auth are optional and off by default. */
public record ListenConfig(
    String address,
    int port,
    Optional<TlsConfig> tls,
    Optional<BasicAuthConfig> basicAuth,
    LimitsConfig limits) {
  /** 9477: free on the first deployment's host (7880, 7881, 8008, 8070, 8071, 8080 are taken). */
  public static final int DEFAULT_PORT = 9477;

  /** Loopback only: exposing the exporter is a decision the config file states. */
  public static final ListenConfig DEFAULTS = new ListenConfig("127.0.0.1", DEFAULT_PORT);

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
