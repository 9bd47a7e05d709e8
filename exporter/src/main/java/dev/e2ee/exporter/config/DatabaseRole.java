package dev.e2ee.exporter.config;

import java.util.Locale;

/**
 * What an exporter reads of the database. With Synapse workers on several hosts exactly one
 * exporter polls; the others read their logs and may confirm the KE-1 conflicts those logs show
 * (runbook Q1 needs the rejected key id from the log and the stored key in one process). Which
 * collectors a role runs is listed in {@code db.CollectorRegistry}; the rest of what a role decides
 * is here.
 */
public enum DatabaseRole {
  /** Every collector: per-device keys, inbox, delayed events, KE-3, whole-table figures. */
  POLL,
  /** Only the Q1 lookup of the key ids this exporter's logs saw rejected. */
  CONFIRM;

  /** The {@code database} label of {@code synapse_e2ee_homeserver_info}. */
  public String infoValue() {
    return switch (this) {
      case POLL -> "polled";
      case CONFIRM -> "confirms";
    };
  }

  /**
   * Whether this role chooses the watched devices (and says how many); a confirming exporter looks
   * up only the devices its logs name, and must not report 0 watched.
   */
  public boolean listsDevices() {
    return this == POLL;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
