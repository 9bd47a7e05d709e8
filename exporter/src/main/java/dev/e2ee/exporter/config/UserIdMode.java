package dev.e2ee.exporter.config;

import java.util.Locale;

/** How user ids appear in labels: as they are, only the localpart, or a salted hash. */
public enum UserIdMode {
  FULL,
  LOCALPART,
  HASH;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
