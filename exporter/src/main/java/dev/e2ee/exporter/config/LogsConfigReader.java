package dev.e2ee.exporter.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads the {@code logs} section: which files or which journal, and how to read them. */
final class LogsConfigReader {
  private LogsConfigReader() {}

  static LogsConfig read(Section s) {
    boolean enabled = s.bool("enabled", true);
    Optional<JournaldConfig> journald =
        s.has("journald") ? Optional.of(journald(s)) : Optional.empty();
    List<String> files =
        s.stringList("files", journald.isPresent() ? List.of() : LogsConfig.DEFAULTS.files());
    if (enabled && files.isEmpty() && journald.isEmpty()) {
      throw s.error(
          "files",
          "must name at least one log file or glob, or set logs.journald (or logs.enabled: false)");
    }
    for (String f : files) {
      if (f.isBlank()) {
        throw s.error("files", "contains an empty path");
      }
    }
    LogsConfig logs =
        new LogsConfig(
            enabled,
            files,
            s.choice("format", LogFormat.class, LogsConfig.DEFAULTS.format()),
            s.choice("start_at", StartAt.class, LogsConfig.DEFAULTS.startAt()),
            s.integer("max_line_bytes", LogsConfig.DEFAULTS.maxLineBytes(), 1024, 64 << 20),
            s.duration(
                "poll_interval",
                LogsConfig.DEFAULTS.pollInterval(),
                Duration.ofMillis(10),
                Duration.ofSeconds(10)),
            Optional.of(s.string("positions_file", LogsConfig.DEFAULT_POSITIONS_FILE))
                .filter(v -> !v.isBlank())
                .map(Path::of),
            journald,
            s.integer("parse_threads", LogsConfig.DEFAULTS.parseThreads(), 0, 64));
    s.finish();
    return logs;
  }

  private static JournaldConfig journald(Section logs) {
    Section j = logs.section("journald");
    Optional<String> unit = Optional.ofNullable(j.optionalString("unit")).filter(u -> !u.isBlank());
    List<String> matches = j.stringList("matches", List.of());
    for (String m : matches) {
      if (!m.matches("[A-Z0-9_]+=.*|\\+")) {
        throw j.error(
            "matches", "each match is FIELD=value (e.g. SYSLOG_IDENTIFIER=matrix-synapse) or +");
      }
    }
    if (unit.isEmpty() && matches.isEmpty()) {
      throw j.error(
          "unit",
          "set unit (e.g. matrix-synapse.service) or matches, or the whole journal is read");
    }
    JournaldConfig journald =
        new JournaldConfig(
            unit,
            matches,
            Optional.ofNullable(j.optionalString("directory"))
                .filter(d -> !d.isBlank())
                .map(Path::of),
            j.string("journalctl", "journalctl"));
    j.finish();
    return journald;
  }
}
