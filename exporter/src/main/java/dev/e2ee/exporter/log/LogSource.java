package dev.e2ee.exporter.log;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.runtime.Source;
import dev.e2ee.exporter.runtime.SourceStatus;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails every configured Synapse log file on one daemon thread - never the event loop -
 * and hands each line to a {@link LineSink}. Globs are expanded again every few seconds,
 * so a worker started after the exporter is picked up.
 */
public final class LogSource implements Source {
  private static final Logger LOG = LoggerFactory.getLogger(LogSource.class);
  private static final long RESCAN_MILLIS = 10_000;

  private final ExporterConfig.Logs config;
  private final LineSink sink;
  private final Clock clock;
  private final TailMetrics metrics;
  private final Map<Path, FileTailer> tailers = new ConcurrentHashMap<>();
  private final Map<Path, FileEvents> events = new ConcurrentHashMap<>();
  private final Map<Path, Instant> lastLineAt = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running;
  private long lastRescan;

  public LogSource(ExporterConfig.Logs config, LineSink sink, PrometheusRegistry registry, Clock clock) {
    this.config = config;
    this.sink = sink;
    this.clock = clock;
    this.metrics = new TailMetrics(registry);
    this.thread = new Thread(this::run, "log-tailer");
    thread.setDaemon(true);
  }

  public void start() {
    boolean atEnd = config.startAt() == ExporterConfig.StartAt.END;
    for (Path file : LogFiles.expand(config.files())) {
      // A file that does not exist yet holds only new lines once it appears: read it whole.
      add(file, atEnd && Files.exists(file));
    }
    lastRescan = clock.millis();
    running = true;
    thread.start();
    LOG.info("tailing {} log file(s), starting at the {} of existing files", tailers.size(), config.startAt());
  }

  private void add(Path file, boolean atEnd) {
    tailers.computeIfAbsent(file, f -> {
      metrics.init(f.toString());
      events.put(f, new FileEvents(f.toString(), f));
      return new FileTailer(f, atEnd, config.maxLineBytes());
    });
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
      } catch (RuntimeException e) {
        // One bad line must not end tailing for good; the parser counts what it skips.
        LOG.warn("log pipeline error (continuing): {}", e.toString());
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
      tailer.poll(events.get(tailer.path()));
    }
  }

  @Override
  public String name() {
    return "log";
  }

  @Override
  public SourceStatus status() {
    List<Path> files = List.copyOf(tailers.keySet());
    long missing = files.stream().filter(f -> !Files.isReadable(f)).count();
    SourceStatus.State state = files.isEmpty() || missing == files.size()
        ? SourceStatus.State.DOWN : SourceStatus.State.UP;
    String detail = files.isEmpty() ? "no file matches the configured paths"
        : missing == 0 ? files.size() + " file(s) readable"
        : missing + " of " + files.size() + " file(s) missing or unreadable";
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
    tailers.values().forEach(FileTailer::close);
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
  }
}
