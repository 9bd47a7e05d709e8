package dev.e2ee.exporter.evidence;

import dev.e2ee.exporter.domain.OtkConflict;
import org.jspecify.annotations.Nullable;

/**
 * What the database says about one conflict of one device.
 *
 * @param stored the key id is still in e2e_one_time_keys_json for this device
 * @param storedDiffersFromUpload the stored value is not the rejected upload's (divergence): false
 *     when nothing is stored, null when stored but not comparable
 */
public record ConflictConfirmation(
    OtkConflict conflict,
    boolean stored,
    @Nullable Boolean storedDiffersFromUpload,
    long checkedAtMillis) {
  public @Nullable String deviceId() {
    return conflict.deviceId();
  }
}
