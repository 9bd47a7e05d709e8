package dev.e2ee.exporter.evidence;

import java.util.Map;

/**
 * One watched device's key state.
 *
 * @param deviceKeysUploaded the device has a row in {@code e2e_device_keys_json}: it uploaded
 *     identity keys. A bot or a non-E2EE login never does, so its 0 one-time keys mean nothing.
 */
public record DeviceKeys(
    WatchedDevice device,
    Map<String, Long> otkCounts,
    Map<String, Boolean> fallbackUsed,
    boolean deviceKeysUploaded) {}
