package dev.e2ee.exporter.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether the listener shows Matrix user and device ids beyond this host without a password: {@code
 * /metrics}, the landing page and the API name them, so a listener on a routable address without
 * basic auth is an exposure worth a warning at start and in {@code check}.
 */
public final class ListenerExposure {
  private ListenerExposure() {}

  /** The warning for {@code config}, or empty when the listener is loopback or password-bound. */
  public static Optional<String> warning(ExporterConfig config) {
    ListenConfig listen = config.listen();
    if (listen.basicAuth().isPresent() || isLoopback(listen.address())) {
      return Optional.empty();
    }
    StringBuilder w =
        new StringBuilder("listen.address ")
            .append(listen.address())
            .append(" is reachable beyond this host and listen.basic_auth is not set: /metrics,")
            .append(" the landing page and the API show Matrix user and device ids to whoever")
            .append(" reaches port ")
            .append(listen.port())
            .append(". Set listen.basic_auth");
    if (listen.tls().isEmpty()) {
      w.append(" with listen.tls (so the password does not cross the network in clear)");
    }
    if (config.labels().userId() != UserIdMode.HASH) {
      w.append(", and labels.user_id: hash to keep user ids out of the labels");
    }
    return Optional.of(w.append('.').toString());
  }

  /**
   * Loopback by its address; a host name is resolved as the listener resolves it. An address that
   * does not resolve is not known to be loopback.
   */
  static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
