package dev.e2ee.exporter.replay;

import dev.e2ee.exporter.config.ConfigLoader;
import dev.e2ee.exporter.config.ExporterConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Replays in-process for the tests of the classes a replay is made of: the config {@code replay}
 * reads for a log written in UTC, the IncidentLog or the real Synapse log on disk, and the run.
 */
final class Replays {
  /** Where the real Synapse log and its truth are kept beside the tests. */
  static final String REAL_SYNAPSE = "/dev/e2ee/exporter/replay/real-synapse/";

  private Replays() {}

  /** The config of a log written in UTC by {@code serverName}, with no database. */
  static ExporterConfig config(String serverName) {
    return ConfigLoader.parse(
        "synapse:\n  server_name: "
            + serverName
            + "\n  log_timezone: UTC\ndatabase:\n  enabled: false\n",
        "test");
  }

  /** Replays {@code lines}, written to one file in {@code dir}, without a backfill. */
  static ReplayRun lines(Path dir, List<String> lines) throws Exception {
    Path log = Files.createTempFile(dir, "homeserver", ".log");
    IncidentLog.write(log, lines);
    return run(config("example.org"), false, log);
  }

  /** Replays the IncidentLog, whose truth is known by construction. */
  static ReplayRun incident(Path dir) throws Exception {
    return lines(dir, new IncidentLog().lines());
  }

  /** Replays the log of a real Synapse run (server compat.test) kept beside the tests. */
  static ReplayRun realSynapse(Path dir) throws Exception {
    Path log = dir.resolve("real-homeserver.log");
    if (!Files.exists(log)) {
      Files.copy(resource("homeserver.log"), log);
    }
    return run(config("compat.test"), false, log);
  }

  /** A file kept beside the real Synapse log (homeserver.log, truth.json). */
  static InputStream resource(String name) {
    return Objects.requireNonNull(
        Replays.class.getResourceAsStream(REAL_SYNAPSE + name), REAL_SYNAPSE + name);
  }

  static ReplayRun run(ExporterConfig config, boolean backfill, Path... files) {
    return new Replay(
            config,
            new ReplayOptions(null, null, Duration.ofMinutes(1), backfill, Map.of("job", "t")),
            Progress.NONE,
            null)
        .run(List.of(files).stream().map(Path::toString).toList());
  }
}
