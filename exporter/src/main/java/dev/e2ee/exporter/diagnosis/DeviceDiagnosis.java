package dev.e2ee.exporter.diagnosis;

/**
 * One device's answer to one question, with the evidence and since when it has held.
 *
 * @param evidence what the verdict rests on, in words (key id, counts, durations); no key material
 */
public record DeviceDiagnosis(
    String userId, String deviceId, Verdict verdict, String evidence, long sinceMillis) {}
