package dev.e2ee.exporter.evidence;

import org.jspecify.annotations.Nullable;

/**
 * A device that gets series of its own.
 *
 * @param lastSeenMillis {@code devices.last_seen}, null when never seen or not in {@code devices}
 * @param known the device exists (non-hidden) in {@code devices}; false for a device id only the
 *     log named
 */
public record WatchedDevice(
    String userId, String deviceId, @Nullable Long lastSeenMillis, boolean known) {}
