package dev.e2ee.exporter.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Values left from {@code deploy/config.example.yml}: names under the reserved {@code example}
 * domains (RFC 2606: {@code example.org}, {@code db.example.internal}) are never a real homeserver
 * or database host, and a config still holding them fails later with a less helpful message.
 */
public final class ExamplePlaceholders {
  private ExamplePlaceholders() {}

  /** One sentence per placeholder still in {@code config}, naming the key to set. */
  public static List<String> in(ExporterConfig config) {
    List<String> found = new ArrayList<>();
    String serverName = config.synapse().serverName();
    if (isPlaceholder(serverName)) {
      found.add(
          "synapse.server_name is '"
              + serverName
              + "', the example's placeholder: set your homeserver's server_name (as in"
              + " Synapse's homeserver.yaml)");
    }
    if (config.database().enabled() && isPlaceholder(config.database().host())) {
      found.add(
          "database.host is '"
              + config.database().host()
              + "', the example's placeholder: set the host of Synapse's PostgreSQL");
    }
    return found;
  }

  /** A host name with a label {@code example} (example.org, db.example.internal, x.example). */
  static boolean isPlaceholder(String host) {
    for (String label : host.toLowerCase(Locale.ROOT).split("\\.", -1)) {
      if (label.equals("example")) {
        return true;
      }
    }
    return false;
  }
}
