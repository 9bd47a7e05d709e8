package dev.e2ee.exporter.testing;

import dev.e2ee.exporter.domain.KeyHash;
import dev.e2ee.exporter.domain.KeyValues;
import dev.e2ee.exporter.domain.OtkConflict;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OtkConflict} as a test needs it: a rejected upload of {@code signed_curve25519:KEYID}
 * by {@code @alice:example.org}'s device STORM whose values differ, changed only where the test
 * cares (so the reader sees what matters instead of ten positional arguments).
 */
public final class OtkConflictBuilder {
  private final long timestampMillis;
  private String request = "POST-1";
  private @Nullable String userId = "@alice:example.org";
  private @Nullable String deviceId = "STORM";
  private String keyId = "KEYID";
  private KeyValues keyValues = KeyValues.DIFFER;
  private @Nullable String storedKeyHash;
  private @Nullable String uploadedKeyHash;

  private OtkConflictBuilder(long timestampMillis) {
    this.timestampMillis = timestampMillis;
  }

  public static OtkConflictBuilder at(long timestampMillis) {
    return new OtkConflictBuilder(timestampMillis);
  }

  public OtkConflictBuilder request(String request) {
    this.request = request;
    return this;
  }

  /** The device the log named; a null device id is a log line that did not name it. */
  public OtkConflictBuilder device(String userId, @Nullable String deviceId) {
    this.userId = userId;
    this.deviceId = deviceId;
    return this;
  }

  public OtkConflictBuilder keyId(String keyId) {
    this.keyId = keyId;
    return this;
  }

  /** Whether the error text showed differing values, the same, or none readable. */
  public OtkConflictBuilder keyValues(KeyValues keyValues) {
    this.keyValues = keyValues;
    return this;
  }

  /** The "Old key" value the error showed (kept only as its {@link KeyHash}). */
  public OtkConflictBuilder storedValue(String keyValue) {
    this.storedKeyHash = KeyHash.of(keyValue);
    return this;
  }

  /** The "new key" value the client sent (kept only as its {@link KeyHash}). */
  public OtkConflictBuilder uploadedValue(String keyValue) {
    this.uploadedKeyHash = KeyHash.of(keyValue);
    return this;
  }

  public OtkConflict build() {
    return new OtkConflict(
        timestampMillis,
        "f",
        request,
        userId,
        deviceId,
        "signed_curve25519",
        keyId,
        keyValues,
        storedKeyHash,
        uploadedKeyHash);
  }
}
