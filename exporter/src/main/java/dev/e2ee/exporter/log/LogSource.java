package dev.e2ee.exporter.log;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.source.LineSink;
import dev.e2ee.exporter.source.Source;
import dev.e2ee.exporter.source.SourceStatus;
import dev.e2ee.exporter.support.ErrorText;
import dev.e2ee.exporter.support.WarnLimiter;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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

  private final ExporterConfig.Logs config;
  private final LineSink sink;
  private final Clock clock;
  private final TailMetrics metrics;
  private final Map<Path, FileTailer> tailers = new ConcurrentHashMap<>();
  private final Map<Path, FileEvents> events = new ConcurrentHashMap<>();
  private final Map<Path, Instant> lastLineAt = new ConcurrentHashMap<>();
  private final Thread thread;
  private final WarnLimiter warnings = new WarnLimiter(WARN_EVERY_MILLIS);
  private Optional<Path> positionsFile;
  private Map<String, Positions.Entry> savedPositions = Map.of();
  private @Nullable PositionsLock positionsLock;
  private volatile boolean running;

  /** Journal entries handed to the program per round at most, so that ticks keep coming. */
  static final int JOURNAL_LINES_PER_ROUND = 50_000;

  private final Supplier<Map<String, String>> layouts;
  private @Nullable JournalReader journal;
  private Map<String, String> savedCursors = Map.of();
  private long lastRescan;
  private long lastSave;

  public LogSource(
      ExporterConfig.Logs config, LineSink sink, PrometheusRegistry registry, Clock clock) {
    this(config, sink, registry, clock, Map::of);
  }

  /**
   * @param layouts each file's layout as the sink reads it (configured, or detected by {@code
   *     format: auto}), for the status the landing page shows
   */
  public LogSource(
      ExporterConfig.Logs config,
      LineSink sink,
      PrometheusRegistry registry,
      Clock clock,
      Supplier<Map<String, String>> layouts) {
    this.layouts = layouts;
    this.config = config;
    this.sink = sink;
    this.clock = clock;
    this.metrics = new TailMetrics(registry);
    this.positionsFile = config.positionsFile();
    this.thread = new Thread(this::run, "log-tailer");
    thread.setDaemon(true);
  }

  public void start() {
    open();
    running = true;
    thread.start();
    JournalReader j = journal;
    if (j != null) {
      j.start();
    }
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
        .ifPresent(
            j -> {
              String cursor = savedCursors.get(JournalReader.label(j));
              journal =
                  new JournalReader(
                      j,
                      config.maxLineBytes(),
                      cursor,
                      config.startAt() == ExporterConfig.StartAt.BEGINNING);
              LOG.info(
                  "reading journald ({}) {}",
                  JournalReader.label(j),
                  cursor == null ? "from logs.start_at=" + config.startAt() : "after its cursor");
            });
    boolean atEnd = config.startAt() == ExporterConfig.StartAt.END;
    for (String pattern : config.files()) {
      if (LogFiles.isGlob(pattern) && LogFiles.expand(List.of(pattern)).isEmpty()) {
        LOG.warn(
            "logs.files: {} matches no file yet; files that appear later are picked up", pattern);
      }
    }
    int resumed = 0;
    for (Path file : LogFiles.expand(config.files())) {
      // A file that does not exist yet holds only new lines once it appears: read it whole.
      resumed += add(file, atEnd && Files.exists(file)) ? 1 : 0;
    }
    lastRescan = clock.millis();
    lastSave = clock.millis();
    LOG.info(
        "tailing {} log file(s): {} resumed from {}, the others starting at the {}",
        tailers.size(),
        resumed,
        positionsFile.map(Path::toString).orElse("(no positions file)"),
        config.startAt());
  }

  /** Adds a tailer for {@code file}; true when it resumes from a saved position. */
  private boolean add(Path file, boolean atEnd) {
    Positions.Entry saved = savedPositions.get(file.toString());
    tailers.computeIfAbsent(
        file,
        f -> {
          metrics.init(f.toString());
          events.put(f, new FileEvents(f.toString(), f));
          return new FileTailer(f, saved == null && atEnd, config.maxLineBytes(), saved);
        });
    return saved != null;
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
    tailers
        .values()
        .forEach(
            t -> {
              Positions.Entry e = t.checkpoint(now);
              if (e != null) {
                entries.put(t.path().toString(), e);
              }
            });
    Map<String, String> cursors = new HashMap<>(savedCursors);
    JournalReader j = journal;
    if (j != null) {
      String cursor = j.handedCursor();
      if (cursor != null) {
        cursors.put(journalLabel(), cursor);
      }
    }
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
    if (config.files().stream().anyMatch(LogFiles::isGlob)) {
      LogFiles.expand(config.files()).forEach(f -> add(f, false));
    }
  }

  /** One polling round over every file; also what tests and benchmarks drive directly. */
  void pollAll() {
    for (FileTailer tailer : tailers.values()) {
      tailer.poll(
          Objects.requireNonNull(events.get(tailer.path()), "events are made with the tailer"));
    }
    JournalReader j = journal;
    if (j != null) {
      String label = journalLabel();
      j.drainTo(line -> sink.accept(label, line), JOURNAL_LINES_PER_ROUND);
    }
  }

  private String journalLabel() {
    return config.journald().map(JournalReader::label).orElse("journald");
  }

  @Override
  public String name() {
    return "log";
  }

  @Override
  public SourceStatus status() {
    List<Path> files = List.copyOf(tailers.keySet());
    long missing = files.stream().filter(f -> !Files.isReadable(f)).count();
    JournalReader j = journal;
    boolean journalUp = j != null && j.problem() == null;
    SourceStatus.State state =
        (files.isEmpty() || missing == files.size()) && !journalUp
            ? SourceStatus.State.DOWN
            : SourceStatus.State.UP;
    String detail =
        files.isEmpty()
            ? (j == null ? "no file matches the configured paths" : "")
            : missing == 0
                ? files.size() + " file(s) readable"
                : missing + " of " + files.size() + " file(s) missing or unreadable";
    if (j != null) {
      String problem = j.problem();
      detail +=
          (detail.isEmpty() ? "" : "; ")
              + "journald: "
              + (problem == null ? j.entriesRead() + " entries read" : problem);
    }
    Map<String, String> byFile = layouts.get();
    if (!byFile.isEmpty()) {
      Set<String> distinct = new TreeSet<>(byFile.values());
      detail +=
          distinct.size() == 1 ? "; layout " + distinct.iterator().next() : "; layouts " + byFile;
    }
    Optional<Instant> last = lastLineAt.values().stream().max(Instant::compareTo);
    return new SourceStatus(name(), state, String.join(", ", config.files()), detail, last);
  }

  public List<Path> files() {
    return List.copyOf(tailers.keySet());
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
      savePositions(); // the tailer thread has stopped: its offsets are final
    }
    PositionsLock lock = positionsLock;
    if (lock != null) {
      lock.close(); // after the last save: the next exporter reads final offsets
    }
    tailers.values().forEach(FileTailer::close);
    JournalReader j = journal;
    if (j != null) {
      j.close();
    }
  }

  /** Per-file event handler; its data points are looked up once, not per line. */
  private final class FileEvents implements FileTailer.Events {
    private final String label;
    private final Path file;
    private final CounterDataPoint lines;
    private final CounterDataPoint bytes;

    FileEvents(String label, Path file) {
      this.label = label;
      this.file = file;
      this.lines = metrics.linesRead.labelValues(label);
      this.bytes = metrics.bytesRead.labelValues(label);
    }

    @Override
    public void line(String line, boolean cut, boolean invalidUtf8) {
      lines.inc();
      if (cut) {
        metrics.linesCut.labelValues(label).inc();
      }
      if (invalidUtf8) {
        metrics.invalidUtf8.labelValues(label).inc();
      }
      sink.accept(label, line);
    }

    @Override
    public void bytesRead(long count) {
      bytes.inc(count);
      lastLineAt.put(file, clock.instant());
    }

    @Override
    public void rotated() {
      metrics.rotations.labelValues(label).inc();
    }

    @Override
    public void truncated() {
      metrics.truncations.labelValues(label).inc();
    }

    @Override
    public void present(boolean present) {
      metrics.present.labelValues(label).set(present ? 1 : 0);
    }

    @Override
    public void recovered(Path sibling, long count) {
      metrics.recovered.labelValues(label).inc();
      LOG.info(
          "{}: read {} unread bytes from the rotated file {}", label, count, sibling.getFileName());
    }

    @Override
    public void lost(String reason) {
      metrics.losses.labelValues(label, reason).inc();
      if (warnings.allow(label + reason, clock.millis())) {
        LOG.warn(
            "{}: {}; counted in synapse_e2ee_log_tail_losses_total",
            label,
            switch (reason) {
              case "copy_not_found" ->
                  "truncated in place and no rotated copy with its first bytes was found:"
                      + " lines written since the last read, if any, are lost";
              case "rotated_file_not_found" ->
                  "rotated while the exporter was down and no rotated copy is left:"
                      + " the lines written to it since the last saved position are lost";
              default -> "a rotated copy could not be read to its end: the rest of it is lost";
            });
      }
    }

    @Override
    public void readError(IOException e) {
      metrics.readErrors.labelValues(label).inc();
      if (warnings.allow(label + "read", clock.millis())) {
        LOG.warn(
            "{}: read failed ({}); retrying from the same position", label, ErrorText.describe(e));
      }
    }
  }
}
