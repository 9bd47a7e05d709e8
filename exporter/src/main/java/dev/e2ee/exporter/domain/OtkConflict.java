package dev.e2ee.exporter.domain;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One rejected one-time-key upload (KE-1), as the log showed it. The key values themselves are
 * never kept: only whether the stored and the uploaded value differ (signatures ignored) and short
 * hashes of each, so the database check can tell whether the key still stored is the one the error
 * named.
 *
 * @param keyValues whether the two key values in the error differ, or could not be read
 * @param storedKeyHash {@link KeyHash} of the "Old key" value in the error, or null
 * @param uploadedKeyHash {@link KeyHash} of the "new key" value the client sent, or null
 */
public record OtkConflict(
    long timestampMillis,
    String source,
    String request,
    @Nullable String userId,
    @Nullable String deviceId,
    String algorithm,
    String keyId,
    KeyValues keyValues,
    @Nullable String storedKeyHash,
    @Nullable String uploadedKeyHash) {

  /** The device the log named, when it named both its user and its id. */
  public Optional<DeviceRef> device() {
    return userId == null || deviceId == null
        ? Optional.empty()
        : Optional.of(new DeviceRef(userId, deviceId));
  }
}
