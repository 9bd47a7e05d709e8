package dev.e2ee.exporter.config;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/** Reads the {@code synapse} section: the server name, the log time zone and the /health probe. */
final class SynapseConfigReader {
  private SynapseConfigReader() {}

  static SynapseConfig read(Section s) {
    String serverName = s.requiredString("server_name");
    if (serverName.startsWith("@") || serverName.contains("/") || serverName.contains(" ")) {
      throw s.error(
          "server_name",
          "must be the bare server name (e.g. example.org), found '" + serverName + "'");
    }
    String zoneText = s.string("log_timezone", "system");
    ZoneId zone;
    try {
      zone = "system".equals(zoneText) ? ZoneId.systemDefault() : ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      throw s.error(
          "log_timezone",
          "unknown time zone '"
              + zoneText
              + "' (use an IANA name such as Europe/Berlin, UTC, or 'system')");
    }
    HealthProbeConfig health = healthProbe(s);
    s.finish();
    return new SynapseConfig(serverName, zone, health);
  }

  private static HealthProbeConfig healthProbe(Section s) {
    String url = s.string("health_url", "");
    HealthProbeConfig d = HealthProbeConfig.DEFAULTS;
    Duration interval = s.duration("health_interval", d.interval(), ofSeconds(1), ofMinutes(5));
    Duration timeout = s.duration("health_timeout", d.timeout(), ofMillis(100), ofSeconds(30));
    if (timeout.compareTo(interval) >= 0) {
      throw s.error(
          "health_timeout", "must be shorter than health_interval (" + interval.toSeconds() + "s)");
    }
    if (url.isEmpty()) {
      return new HealthProbeConfig(Optional.empty(), interval, timeout);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw s.error("health_url", "not a URL: " + e.getReason());
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw s.error(
          "health_url",
          "must be an http:// or https:// URL with a host, e.g. http://127.0.0.1:8008/health");
    }
    if (uri.getUserInfo() != null) {
      throw s.error("health_url", "must not carry credentials (/health needs none)");
    }
    return new HealthProbeConfig(Optional.of(uri), interval, timeout);
  }
}
