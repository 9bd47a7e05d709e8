package dev.e2ee.exporter.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Which log files to follow and how.
 *
 * @param positionsFile where reading stopped per file, for a restart to resume there; empty = not
 *     kept
 */
public record LogsConfig(
    boolean enabled,
    List<String> files,
    LogFormat format,
    StartAt startAt,
    int maxLineBytes,
    Duration pollInterval,
    Optional<Path> positionsFile,
    Optional<JournaldConfig> journald,
    int parseThreads) {

  /**
   * At most this many threads parse a backlog ahead of the log program ({@code
   * logs.parse_threads}); fewer when the JVM may use fewer processors, and 1 reads in order on the
   * tailer thread alone.
   */
  public static final int DEFAULT_PARSE_THREADS = 4;

  public LogsConfig(
      boolean enabled,
      List<String> files,
      LogFormat format,
      StartAt startAt,
      int maxLineBytes,
      Duration pollInterval,
      Optional<Path> positionsFile,
      Optional<JournaldConfig> journald) {
    this(
        enabled,
        files,
        format,
        startAt,
        maxLineBytes,
        pollInterval,
        positionsFile,
        journald,
        DEFAULT_PARSE_THREADS);
  }

  public LogsConfig(
      boolean enabled,
      List<String> files,
      LogFormat format,
      StartAt startAt,
      int maxLineBytes,
      Duration pollInterval,
      Optional<Path> positionsFile) {
    this(
        enabled,
        files,
        format,
        startAt,
        maxLineBytes,
        pollInterval,
        positionsFile,
        Optional.empty());
  }

  /** Without a positions file (tests, one-off runs). */
  public LogsConfig(
      boolean enabled,
      List<String> files,
      LogFormat format,
      StartAt startAt,
      int maxLineBytes,
      Duration pollInterval) {
    this(enabled, files, format, startAt, maxLineBytes, pollInterval, Optional.empty());
  }

  public LogsConfig withPositionsFile(Optional<Path> file) {
    return new LogsConfig(
        enabled, files, format, startAt, maxLineBytes, pollInterval, file, journald, parseThreads);
  }

  public LogsConfig withJournald(Optional<JournaldConfig> selected) {
    return new LogsConfig(
        enabled,
        files,
        format,
        startAt,
        maxLineBytes,
        pollInterval,
        positionsFile,
        selected,
        parseThreads);
  }

  public LogsConfig withParseThreads(int threads) {
    return new LogsConfig(
        enabled,
        files,
        format,
        startAt,
        maxLineBytes,
        pollInterval,
        positionsFile,
        journald,
        threads);
  }
}
