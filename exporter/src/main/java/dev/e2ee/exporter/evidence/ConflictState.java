package dev.e2ee.exporter.evidence;

import dev.e2ee.exporter.domain.ClientRelease;
import dev.e2ee.exporter.domain.OtkConflict;
import org.jspecify.annotations.Nullable;

/**
 * Per device: its latest conflict, how many in a row named that key id, how many in all, the client
 * its uploads came from ({@link ClientRelease#UNKNOWN} when no user agent was seen), and when the
 * current storm began: its first rejection after at least a quiet period without one.
 */
public record ConflictState(
    String userLabel,
    String deviceLabel,
    OtkConflict last,
    long repeats,
    long total,
    ClientRelease client,
    long stormStartMillis) {

  /** " (Element Desktop 1.12.8)" for evidence texts, empty when the client is not known. */
  public String clientSuffix() {
    if (client.family().equals(ClientRelease.OTHER)) {
      return "";
    }
    return " (" + client.describe() + ")";
  }

  public @Nullable String userId() {
    return last.userId();
  }

  public @Nullable String deviceId() {
    return last.deviceId();
  }

  public String lastKeyId() {
    return last.keyId();
  }

  public long lastConflictMillis() {
    return last.timestampMillis();
  }

  /**
   * Where the conflict was read: the log whose clock measures how long the device has been quiet.
   */
  public String source() {
    return last.source();
  }

  /**
   * Quiet for less than {@code quietMillis} when the log's newest record is at {@code
   * logNowMillis}.
   */
  public boolean stormingAt(long logNowMillis, long quietMillis) {
    return logNowMillis - last.timestampMillis() <= quietMillis;
  }
}
