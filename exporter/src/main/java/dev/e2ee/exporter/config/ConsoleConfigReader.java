package dev.e2ee.exporter.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code ui} and {@code capture} sections: the console and the alert capture. */
final class ConsoleConfigReader {
  private ConsoleConfigReader() {}

  static UiConfig ui(Section s) {
    UiConfig d = UiConfig.DEFAULTS;
    UiConfig ui =
        new UiConfig(
            httpUrl(s, "grafana_url"),
            s.string("grafana_dashboard_uid", d.deviceDashboardUid()),
            httpUrl(s, "runbook_url"),
            s.duration("refresh", d.refresh(), Duration.ofSeconds(5), Duration.ofHours(1)));
    if (!ui.deviceDashboardUid().matches("[A-Za-z0-9_-]{1,40}")) {
      throw s.error("grafana_dashboard_uid", "must be a Grafana uid (letters, digits, - and _)");
    }
    s.finish();
    return ui;
  }

  static CaptureConfig capture(Section s) {
    CaptureConfig d = CaptureConfig.DEFAULTS;
    String dir = s.string("directory", "");
    CaptureConfig capture =
        new CaptureConfig(
            dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir)),
            s.duration("min_interval", d.minInterval(), Duration.ofSeconds(1), Duration.ofDays(7)),
            s.integer("max_concurrent", d.maxConcurrent(), 1, 16),
            bytes(s, "max_bytes", d.maxBytes()),
            s.duration(
                "window_before", d.windowBefore(), Duration.ofMinutes(1), Duration.ofDays(1)));
    s.finish();
    return capture;
  }

  /** A size in bytes, with an optional K, M or G suffix (powers of 1024): 500M, 2G. */
  private static long bytes(Section s, String key, long defaultValue) {
    String text = s.string(key, "").strip();
    if (text.isEmpty()) {
      return defaultValue;
    }
    Matcher m = Pattern.compile("(\\d{1,12})\\s*([KMG]?)i?B?").matcher(text);
    if (!m.matches()) {
      throw s.error(key, "expected a size such as 1073741824, 500M or 2G, found '" + text + "'");
    }
    int shift =
        switch (m.group(2)) {
          case "K" -> 10;
          case "M" -> 20;
          case "G" -> 30;
          default -> 0;
        };
    long value = Long.parseLong(m.group(1)) << shift;
    if (value < (1L << 20)) {
      throw s.error(key, "must be at least 1M, found '" + text + "'");
    }
    return value;
  }

  /** An absolute http(s) URL without a trailing slash, or empty when the key is absent. */
  private static Optional<String> httpUrl(Section s, String key) {
    String text = s.string(key, "").strip();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw s.error(key, "must be an absolute http:// or https:// URL, found '" + text + "'");
      }
    } catch (URISyntaxException e) {
      throw s.error(key, "is not a URL: " + e.getReason());
    }
    return Optional.of(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
  }
}
