package dev.e2ee.exporter.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Which log files to follow and how.
 *
 * @param positionsFile where reading stopped per file, for a restart to resume there; empty = not
 *     kept
 * @param parseThreads at most this many threads parse a backlog ahead of the log program; fewer
 *     when the JVM may use fewer processors (replay leaves one to its reading thread, serve two),
 *     and 0 reads in order on the reading thread alone
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

  public static final String DEFAULT_FILE = "/var/log/matrix-synapse/homeserver.log";

  /** Under the systemd unit's StateDirectory=; "" in the config turns positions off. */
  public static final String DEFAULT_POSITIONS_FILE =
      "/var/lib/synapse-e2ee-exporter/positions.json";

  /** The {@code logs:} section when the file leaves it out, and the values it falls back to. */
  public static final LogsConfig DEFAULTS =
      new LogsConfig(
          true,
          List.of(DEFAULT_FILE),
          LogFormat.AUTO,
          StartAt.END,
          1 << 20,
          Duration.ofMillis(250),
          Optional.of(Path.of(DEFAULT_POSITIONS_FILE)),
          Optional.empty(),
          // As many as the processors allow (ParseWorkers): replay gets one worker on 2 CPUs, serve
          // none there, and none under the unit's CPUQuota=50% (docs/benchmarks.md, "Fourth
          // round").
          4);

  /**
   * A copy with what {@code edit} changes, so a caller names only what differs: {@code
   * DEFAULTS.with(l -> l.format = LogFormat.TEXT)} (the shape of the derived record creation Java
   * may get, JEP 468).
   */
  public LogsConfig with(Consumer<Builder> edit) {
    Builder b = new Builder(this);
    edit.accept(b);
    return b.build();
  }

  public LogsConfig withPositionsFile(Optional<Path> file) {
    return with(l -> l.positionsFile = file);
  }

  public LogsConfig withJournald(Optional<JournaldConfig> selected) {
    return with(l -> l.journald = selected);
  }

  public LogsConfig withParseThreads(int threads) {
    return with(l -> l.parseThreads = threads);
  }

  /**
   * The fields of a copy being edited in {@link #with}; it never leaves that call. Filled and read
   * by {@link RecordCopies}, so a component added to the record needs a field here.
   */
  @SuppressWarnings("NullAway.Init") // every field is set from the record in the constructor
  public static final class Builder {
    public boolean enabled;
    public List<String> files;
    public LogFormat format;
    public StartAt startAt;
    public int maxLineBytes;
    public Duration pollInterval;
    public Optional<Path> positionsFile;
    public Optional<JournaldConfig> journald;
    public int parseThreads;

    private Builder(LogsConfig from) {
      RecordCopies.fill(from, this);
    }

    private LogsConfig build() {
      return RecordCopies.build(LogsConfig.class, this);
    }
  }
}
