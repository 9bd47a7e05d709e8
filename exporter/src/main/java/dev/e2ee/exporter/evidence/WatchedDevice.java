package dev.e2ee.exporter.evidence;

import org.jspecify.annotations.Nullable;

/**
 * A device that gets series of its own.
 *
 * @param lastSeenMillis {@code devices.last_seen}, null when never seen or not in {@code devices}
 * @param known the device exists (non-hidden) in {@code devices}; false for a device id only the
 *     log named
 * @param userAgent {@code devices.user_agent}, null when Synapse has none for the device
 */
public record WatchedDevice(
    String userId,
    String deviceId,
    @Nullable Long lastSeenMillis,
    boolean known,
    @Nullable String userAgent) {}
