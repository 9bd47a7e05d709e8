package dev.e2ee.exporter.evidence;

import org.jspecify.annotations.Nullable;

/** An offending event: ids and time only, no content. */
public record MissingAlgorithm(
    String eventId,
    String roomId,
    String sender,
    @Nullable Long originServerTs,
    long streamOrdering) {}
