package dev.e2ee.exporter.domain;

/**
 * One rejected one-time-key upload (KE-1), as the log showed it. The key values themselves
 * are never kept: only whether the stored and the uploaded value differ (signatures ignored)
 * and short hashes of each, so the database check can tell whether the key still stored is
 * the one the error named.
 *
 * @param valuesDiffer TRUE/FALSE when both key values could be read from the error, else null
 * @param storedKeyHash {@link KeyHash} of the "Old key" value in the error, or null
 * @param uploadedKeyHash {@link KeyHash} of the "new key" value the client sent, or null
 */
public record OtkConflict(
    long timestampMillis,
    String source,
    String request,
    String userId,
    String deviceId,
    String algorithm,
    String keyId,
    Boolean valuesDiffer,
    String storedKeyHash,
    String uploadedKeyHash) {}
