package dev.e2ee.exporter.log.parse;

import java.util.Locale;

/**
 * Endpoint classes the exporter tells apart; never the raw path (unbounded, and it can carry ids).
 */
public enum Endpoint {
  KEYS_UPLOAD,
  KEYS_QUERY,
  KEYS_CLAIM,
  SEND_TO_DEVICE,
  SYNC,
  DELAYED_EVENTS,
  UPDATE_DELAYED_EVENT,
  OTHER;

  private final String label = name().toLowerCase(Locale.ROOT);

  public String label() {
    return label;
  }
}
