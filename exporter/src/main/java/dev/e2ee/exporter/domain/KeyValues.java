package dev.e2ee.exporter.domain;

import org.jspecify.annotations.Nullable;

/**
 * What Synapse's KE-1 error showed of the two one-time-key values (signatures ignored): the stored
 * and the uploaded value differ, they are the same, or the error did not let both be read.
 */
public enum KeyValues {
  DIFFER,
  SAME,
  UNREADABLE;

  /** From the two values when both were read, else {@link #UNREADABLE}. */
  public static KeyValues compare(@Nullable String stored, @Nullable String uploaded) {
    if (stored == null || uploaded == null) {
      return UNREADABLE;
    }
    return stored.equals(uploaded) ? SAME : DIFFER;
  }

  /** As JSON spells it: true, false, or null when the values could not be read. */
  public @Nullable Boolean asJson() {
    return switch (this) {
      case DIFFER -> Boolean.TRUE;
      case SAME -> Boolean.FALSE;
      case UNREADABLE -> null;
    };
  }
}
