package dev.e2ee.exporter.evidence;

/** Stale to-device targets of watched users: messages for a device id that does not exist. */
public record StaleTarget(String userId, String deviceId, long pending) {}
