package dev.e2ee.exporter.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Synapse's entries in journald, read with {@code journalctl}: by unit, by explicit matches ({@code
 * SYSLOG_IDENTIFIER=matrix-synapse}), or both; from a journal directory instead of the system
 * journal when {@code directory} is set.
 */
public record JournaldConfig(
    Optional<String> unit, List<String> matches, Optional<Path> directory, String journalctl) {}
