package dev.e2ee.exporter.evidence;

import java.util.Map;

/** One watched device's key state. */
public record DeviceKeys(
    WatchedDevice device, Map<String, Long> otkCounts, Map<String, Boolean> fallbackUsed) {}
