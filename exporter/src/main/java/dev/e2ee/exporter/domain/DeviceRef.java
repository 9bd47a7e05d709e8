package dev.e2ee.exporter.domain;

/**
 * One device of one user: what per-device evidence is keyed by on every side (log findings,
 * database snapshots, verdicts). Device ids are unique only per user, so neither part alone names a
 * device.
 */
public record DeviceRef(String userId, String deviceId) {}
