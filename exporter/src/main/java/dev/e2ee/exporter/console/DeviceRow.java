package dev.e2ee.exporter.console;

import dev.e2ee.exporter.diagnosis.Verdict;
import java.util.Optional;

/**
 * One device that needs attention, as the console shows it.
 *
 * @param sinceMillis when the problem started (the first rejected upload of this storm, the last
 *     acknowledgement of a backlog) or, when that is not known, when the exporter first said it
 * @param sinceIsStart whether {@code sinceMillis} is the problem's start, not just first seen
 * @param series the sparkline's figure, empty when this device has no history here
 */
public record DeviceRow(
    String userId,
    String deviceId,
    Verdict verdict,
    String evidence,
    long sinceMillis,
    boolean sinceIsStart,
    Optional<DeviceHistory.Series> series,
    Optional<String> grafanaUrl,
    String runbookUrl,
    String captureCommand) {}
