package dev.e2ee.exporter.console;

/**
 * A bundle the alert capture wrote, as the landing page lists it.
 *
 * @param name the bundle's folder name, also its download name
 */
public record CapturedBundle(
    String name,
    long createdMillis,
    String alertName,
    String userId,
    String deviceId,
    long bytes) {}
