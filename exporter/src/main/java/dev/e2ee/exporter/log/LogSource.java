package dev.e2ee.exporter.log;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.runtime.Source;
import dev.e2ee.exporter.runtime.SourceStatus;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.io.input.Tailer;
import org.apache.commons.io.input.TailerListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails every configured Synapse log file with Commons IO's {@link Tailer}, one daemon
 * thread per file - never the event loop - and hands each line to a {@link LineSink}.
 */
public final class LogSource implements Source {
  private static final Logger LOG = LoggerFactory.getLogger(LogSource.class);

  private final ExporterConfig.Logs config;
  private final LineSink sink;
  private final Clock clock;
  private final List<Path> files;
  private final Counter linesRead;
  private final Counter rotations;
  private final Gauge present;
  private final Map<Path, Tailer> tailers = new ConcurrentHashMap<>();
  private final Map<Path, Instant> lastLineAt = new ConcurrentHashMap<>();
  private final ExecutorService threads;

  public LogSource(ExporterConfig.Logs config, LineSink sink, PrometheusRegistry registry, Clock clock) {
    this.config = config;
    this.sink = sink;
    this.clock = clock;
    this.files = LogFiles.expand(config.files());
    AtomicInteger n = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "log-tailer-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    linesRead = Counter.builder().name("synapse_e2ee_log_lines_read")
        .help("Lines read from each tailed Synapse log file.")
        .labelNames("file").register(registry);
    rotations = Counter.builder().name("synapse_e2ee_log_rotations")
        .help("Times each tailed file was found rotated or truncated and reopened.")
        .labelNames("file").register(registry);
    present = Gauge.builder().name("synapse_e2ee_log_file_present")
        .help("1 when the tailed log file exists and is readable, else 0.")
        .labelNames("file").register(registry);
  }

  public void start() {
    for (Path file : files) {
      String label = file.toString();
      linesRead.labelValues(label);
      rotations.labelValues(label);
      present.labelValues(label).set(Files.isReadable(file) ? 1 : 0);
      Tailer tailer = Tailer.builder()
          .setPath(file)
          .setCharset(java.nio.charset.StandardCharsets.UTF_8)
          // A file that does not exist yet holds only new lines once it appears: read it whole.
          .setTailFromEnd(config.startAt() == ExporterConfig.StartAt.END && Files.exists(file))
          .setDelayDuration(config.pollInterval())
          .setReOpen(true)
          .setStartThread(false)
          .setTailerListener(new Listener(file, label))
          .get();
      tailers.put(file, tailer);
      threads.execute(tailer);
    }
    LOG.info("tailing {} log file(s) from the {}", files.size(), config.startAt());
  }

  @Override
  public String name() {
    return "log";
  }

  @Override
  public SourceStatus status() {
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
    return files;
  }

  @Override
  public void close() {
    tailers.values().forEach(Tailer::close);
    threads.shutdownNow();
    try {
      threads.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Listener extends TailerListenerAdapter {
    private final Path file;
    private final String label;

    Listener(Path file, String label) {
      this.file = file;
      this.label = label;
    }

    @Override
    public void handle(String line) {
      present.labelValues(label).set(1);
      linesRead.labelValues(label).inc();
      lastLineAt.put(file, clock.instant());
      sink.accept(label, line);
    }

    @Override
    public void fileNotFound() {
      present.labelValues(label).set(0);
    }

    @Override
    public void fileRotated() {
      rotations.labelValues(label).inc();
    }

    @Override
    public void handle(Exception e) {
      if (e instanceof InterruptedException) {
        return; // close() interrupts the tailer's sleep; that is a stop, not a failure
      }
      LOG.warn("reading {} failed: {}", label, e.toString());
    }
  }
}
