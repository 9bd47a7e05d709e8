package dev.e2ee.exporter.log;

import dev.e2ee.exporter.config.LogsConfig;
import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.log.TailEvents.ReadBytes;
import dev.e2ee.exporter.support.ErrorText;
import dev.e2ee.exporter.support.WarnLimiter;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured log files, one {@link FileTailer} each: globs expanded at open and again on each
 * rescan, a saved position resumed, and every tailer's events counted per file.
 */
final class FileStream implements LogStream {
  private static final Logger LOG = LoggerFactory.getLogger(FileStream.class);
  private static final long WARN_EVERY_MILLIS = 60_000;

  private final LogsConfig config;
  private final LineSink sink;
  private final Clock clock;
  private final TailMetrics metrics;
  private final Map<Path, FileTailer> tailers = new ConcurrentHashMap<>();
  private final Map<Path, FileEvents> events = new ConcurrentHashMap<>();
  private final Map<Path, Instant> lastLineAt = new ConcurrentHashMap<>();
  private final WarnLimiter warnings = new WarnLimiter(WARN_EVERY_MILLIS);
  private Map<String, Positions.Entry> savedPositions = Map.of();

  FileStream(LogsConfig config, LineSink sink, Clock clock, TailMetrics metrics) {
    this.config = config;
    this.sink = sink;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Sets up a tailer per file; returns how many resume from {@code saved}. */
  int open(Map<String, Positions.Entry> saved) {
    savedPositions = saved;
    boolean atEnd = config.startAt() == StartAt.END;
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
    return resumed;
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

  /** Picks up files a glob matches now that it did not before; they are new, so read whole. */
  void rescan() {
    if (config.files().stream().anyMatch(LogFiles::isGlob)) {
      LogFiles.expand(config.files()).forEach(f -> add(f, false));
    }
  }

  @Override
  public void poll() {
    for (FileTailer tailer : tailers.values()) {
      tailer.poll(
          Objects.requireNonNull(events.get(tailer.path()), "events are made with the tailer"));
    }
  }

  @Override
  public void checkpoint(
      long now, Map<String, Positions.Entry> entries, Map<String, String> cursors) {
    tailers
        .values()
        .forEach(
            t -> {
              Positions.Entry e = t.checkpoint(now);
              if (e != null) {
                entries.put(t.path().toString(), e);
              }
            });
  }

  List<Path> files() {
    return List.copyOf(tailers.keySet());
  }

  private long missing(List<Path> files) {
    return files.stream().filter(f -> !Files.isReadable(f)).count();
  }

  @Override
  public boolean up() {
    List<Path> files = files();
    return !files.isEmpty() && missing(files) < files.size();
  }

  @Override
  public String detail() {
    List<Path> files = files();
    if (files.isEmpty()) {
      return "";
    }
    long missing = missing(files);
    return missing == 0
        ? files.size() + " file(s) readable"
        : missing + " of " + files.size() + " file(s) missing or unreadable";
  }

  @Override
  public Optional<Instant> lastLineAt() {
    return lastLineAt.values().stream().max(Instant::compareTo);
  }

  @Override
  public void close() {
    tailers.values().forEach(FileTailer::close);
  }

  /** Per-file event handler; its data points are looked up once, not per line. */
  private final class FileEvents implements TailEvents, WholeReads.SplitLines {
    private final String label;
    private final Path file;
    private final CounterDataPoint lines;
    private final CounterDataPoint bytes;
    private final @Nullable ReadBytes readBytes;

    FileEvents(String label, Path file) {
      this.label = label;
      this.file = file;
      this.lines = metrics.linesRead.labelValues(label);
      this.bytes = metrics.bytesRead.labelValues(label);
      WholeReads whole = sink.wholeReads();
      this.readBytes =
          whole == null
              ? null
              : new ReadBytes() {
                @Override
                public byte[] buffer() {
                  return whole.buffer();
                }

                @Override
                public void accept(byte[] data, int count, LineAssembler straddling) {
                  whole.accept(label, data, count, straddling, FileEvents.this, FileEvents.this);
                }
              };
    }

    @Override
    public @Nullable ReadBytes readBytes() {
      return readBytes;
    }

    /** Lines a worker split out of this file's reads, counted as {@link #line} counts its own. */
    @Override
    public void counted(int count, int cut, int invalidUtf8) {
      lines.inc(count);
      if (cut > 0) {
        metrics.linesCut.labelValues(label).inc(cut);
      }
      if (invalidUtf8 > 0) {
        metrics.invalidUtf8.labelValues(label).inc(invalidUtf8);
      }
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
