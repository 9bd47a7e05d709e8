package dev.e2ee.exporter.log;

import dev.e2ee.exporter.config.LogsConfig;
import dev.e2ee.exporter.source.Source;
import dev.e2ee.exporter.source.SourceStatus;
import dev.e2ee.exporter.support.ErrorText;
import dev.e2ee.exporter.support.WarnLimiter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails every configured Synapse log file on one daemon thread - never the event loop - and hands
 * each line to a {@link LineSink}. Globs are expanded again every few seconds, so a worker started
 * after the exporter is picked up. Where reading stopped is written to the positions file every few
 * seconds and on stop, and a restart resumes there; {@code start_at} applies only to files never
 * seen before.
 */
public final class LogSource implements Source {
  private static final Logger LOG = LoggerFactory.getLogger(LogSource.class);
  private static final long RESCAN_MILLIS = 10_000;
  private static final long SAVE_MILLIS = 2_000;
  private static final long WARN_EVERY_MILLIS = 60_000;

  /** Journal entries handed to the program per round at most, so that ticks keep coming. */
  static final int JOURNAL_LINES_PER_ROUND = JournalStream.LINES_PER_ROUND;

  private final LogsConfig config;
  private final LineSink sink;
  private final Clock clock;
  private final FileStream files;

  /** The files, and journald when configured (added at open); read by status on other threads. */
  private volatile List<LogStream> streams;

  private final Thread thread;
  private final WarnLimiter warnings = new WarnLimiter(WARN_EVERY_MILLIS);
  private Optional<Path> positionsFile;
  private Map<String, Positions.Entry> savedPositions = Map.of();
  private @Nullable PositionsLock positionsLock;
  private volatile boolean running;
  private final Supplier<Map<String, String>> layouts;
  private Map<String, String> savedCursors = Map.of();
  private long lastRescan;
  private long lastSave;

  public LogSource(LogsConfig config, LineSink sink, PrometheusRegistry registry, Clock clock) {
    this(config, sink, registry, clock, Map::of);
  }

  /**
   * @param layouts each file's layout as the sink reads it (configured, or detected by {@code
   *     format: auto}), for the status the landing page shows
   */
  public LogSource(
      LogsConfig config,
      LineSink sink,
      PrometheusRegistry registry,
      Clock clock,
      Supplier<Map<String, String>> layouts) {
    this.layouts = layouts;
    this.config = config;
    this.sink = sink;
    this.clock = clock;
    this.files = new FileStream(config, sink, clock, new TailMetrics(registry));
    this.streams = List.of(files);
    this.positionsFile = config.positionsFile();
    this.thread = new Thread(this::run, "log-tailer");
    thread.setDaemon(true);
  }

  public void start() {
    open();
    running = true;
    thread.start();
    streams.forEach(LogStream::start);
  }

  /**
   * Locks and loads the positions and sets up a tailer per file; {@link #start} then polls them on
   * the thread. Throws {@link PositionsLock.HeldElsewhere} when another exporter uses the same
   * positions file.
   */
  void open() {
    savedPositions = loadPositions();
    config
        .journald()
        .ifPresent(j -> streams = List.of(files, new JournalStream(j, config, savedCursors, sink)));
    int resumed = files.open(savedPositions);
    lastRescan = clock.millis();
    lastSave = clock.millis();
    LOG.info(
        "tailing {} log file(s): {} resumed from {}, the others starting at the {}",
        files.files().size(),
        resumed,
        positionsFile.map(Path::toString).orElse("(no positions file)"),
        config.startAt());
  }

  private Map<String, Positions.Entry> loadPositions() {
    if (positionsFile.isEmpty()) {
      return Map.of();
    }
    Path file = positionsFile.get();
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      LOG.warn("cannot create the directory of {} ({})", file, ErrorText.describe(e));
    }
    positionsLock = PositionsLock.acquire(file);
    try {
      savedCursors = Positions.loadCursors(file);
      return Positions.load(file);
    } catch (IOException e) {
      LOG.warn(
          "positions file {} could not be read ({}): every file starts at logs.start_at={}",
          file,
          ErrorText.describe(e),
          config.startAt());
      return Map.of();
    }
  }

  /**
   * Writes where every file stands; called every few seconds by the tailer thread and once on stop.
   */
  void savePositions() {
    if (positionsFile.isEmpty()) {
      return;
    }
    long now = clock.millis();
    Map<String, Positions.Entry> entries = new HashMap<>(savedPositions);
    Map<String, String> cursors = new HashMap<>(savedCursors);
    streams.forEach(s -> s.checkpoint(now, entries, cursors));
    try {
      Positions.save(positionsFile.get(), entries, cursors);
    } catch (IOException e) {
      if (warnings.allow("positions", now)) {
        LOG.warn(
            "positions file {} could not be written ({}); a restart would re-read or skip lines",
            positionsFile.get(),
            ErrorText.describe(e));
      }
    }
  }

  private void run() {
    long interval = config.pollInterval().toMillis();
    while (running) {
      long started = clock.millis();
      try {
        pollAll();
        sink.tick(clock.millis());
        if (started - lastRescan >= RESCAN_MILLIS) {
          lastRescan = started;
          rescan();
        }
        if (started - lastSave >= SAVE_MILLIS) {
          lastSave = started;
          savePositions();
        }
      } catch (RuntimeException e) {
        // One bad line must not end tailing for good; the parser counts what it skips.
        LOG.warn("log pipeline error (continuing): {}", ErrorText.describe(e));
      }
      try {
        TimeUnit.MILLISECONDS.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Picks up files a glob matches now that it did not before; they are new, so read whole. */
  void rescan() {
    files.rescan();
  }

  /** One polling round over every file; also what tests and benchmarks drive directly. */
  void pollAll() {
    streams.forEach(LogStream::poll);
  }

  @Override
  public String name() {
    return "log";
  }

  @Override
  public SourceStatus status() {
    List<LogStream> all = streams;
    SourceStatus.State state =
        all.stream().anyMatch(LogStream::up) ? SourceStatus.State.UP : SourceStatus.State.DOWN;
    String detail =
        all.stream()
            .map(LogStream::detail)
            .filter(d -> !d.isEmpty())
            .collect(Collectors.joining("; "));
    if (detail.isEmpty()) {
      detail = "no file matches the configured paths";
    }
    Map<String, String> byFile = layouts.get();
    if (!byFile.isEmpty()) {
      Set<String> distinct = new TreeSet<>(byFile.values());
      detail +=
          distinct.size() == 1 ? "; layout " + distinct.iterator().next() : "; layouts " + byFile;
    }
    Optional<Instant> last =
        all.stream().flatMap(s -> s.lastLineAt().stream()).max(Instant::compareTo);
    return new SourceStatus(name(), state, String.join(", ", config.files()), detail, last);
  }

  public List<Path> files() {
    return files.files();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      // The tailer thread has stopped: its offsets are final. Lines the sink still holds (parsed
      // ahead on its workers) reach the program first: the saved offsets count them as read, so a
      // restart would start after them.
      try {
        sink.tick(clock.millis());
      } catch (RuntimeException e) {
        LOG.warn("log pipeline error at shutdown: {}", ErrorText.describe(e));
      }
      savePositions();
    }
    PositionsLock lock = positionsLock;
    if (lock != null) {
      lock.close(); // after the last save: the next exporter reads final offsets
    }
    streams.forEach(LogStream::close);
  }
}
