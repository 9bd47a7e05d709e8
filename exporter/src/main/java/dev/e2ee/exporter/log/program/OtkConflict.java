package dev.e2ee.exporter.log.program;

/**
 * One rejected one-time-key upload (KE-1), as the log showed it. The key values themselves
 * are never kept: only whether the stored and the uploaded value differ (signatures ignored).
 *
 * @param valuesDiffer TRUE/FALSE when both key values could be read from the error, else null
 */
public record OtkConflict(
    long timestampMillis,
    String source,
    String request,
    String userId,
    String deviceId,
    String algorithm,
    String keyId,
    Boolean valuesDiffer) {}
