package dev.e2ee.exporter.replay;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.RecordParsers;
import dev.e2ee.exporter.log.pipeline.ParseWorkers;
import dev.e2ee.exporter.log.program.LogProgram;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.BuildInfo;
import dev.e2ee.exporter.metrics.DeviceClients;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Feeds saved logs through the same {@link LogProgram} that {@code serve} runs, on the log's own
 * clock: processes merged by record time, the program's time-based work (join windows, idle TTLs)
 * run at every step boundary the log's time crosses, and with a backfill the registry sampled at
 * each boundary. A sample at boundary B counts exactly the records written before B.
 *
 * <p>A silent log is not stepped through: after a record the boundaries go on for the idle tail
 * (with a backfill: long enough for every state that changes with time alone, join windows, quiet
 * periods, idle series, to have changed and been sampled; without one: none), then jump to the
 * boundary just before the next record. Four lines years apart then cost four lines, not millions
 * of steps, and the backfill still has a sample before each record for a counter that appears
 * there.
 */
public final class Replay {
  /** Beyond this many samples kept for the backfill, it stops (and says so) instead of the JVM. */
  static final long MAX_BACKFILL_CELLS = 40_000_000L;

  private static final int PROGRESS_EVERY_LINES = 1 << 16;

  /** The least time the steps go on after a record before a silent log's steps are skipped. */
  static final Duration IDLE_TAIL_MIN = Duration.ofHours(1);

  private final ExporterConfig config;
  private final ReplayOptions options;
  private final Progress progress;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ReplayClock clock = new ReplayClock();
  private final IncidentRecorder recorder = new IncidentRecorder();
  private final LogProgram program;
  private final @Nullable OpenMetricsBackfill backfill;
  private final long stepMillis;
  private final long idleTailMillis;
  private final AtomicLong bytesRead = new AtomicLong();
  private long boundariesRun;
  private final @Nullable ParseWorkers workers;

  /**
   * True when the inputs' size decides whether the workers are used ({@link WorthParsingAhead}).
   */
  private final boolean sizeDecides;

  public Replay(ExporterConfig config, ReplayOptions options, Progress progress) {
    // Lines parsed ahead on every core the config allows, when the inputs are large enough for
    // that to pay; the program still sees them in order, on one thread.
    this(
        config,
        options,
        progress,
        ParseWorkers.forConfig(config.logs().parseThreads(), ParseWorkers.RESERVED_FOR_REPLAY)
            .orElse(null),
        true);
  }

  /** With these workers whatever the inputs' size, or none (every line parsed in order). */
  Replay(
      ExporterConfig config,
      ReplayOptions options,
      Progress progress,
      @Nullable ParseWorkers workers) {
    this(config, options, progress, workers, false);
  }

  private Replay(
      ExporterConfig config,
      ReplayOptions options,
      Progress progress,
      @Nullable ParseWorkers workers,
      boolean sizeDecides) {
    this.workers = workers;
    this.sizeDecides = sizeDecides;
    this.config = config;
    this.options = options;
    this.progress = progress;
    this.stepMillis = options.step().toMillis();
    // Without a backfill no sample is kept, and the time-based work at a later boundary does
    // all that the skipped ones would have done: no tail at all.
    this.idleTailMillis = options.backfill() ? idleTail(config).toMillis() : 0;
    BuildInfo.current().register(registry);
    BoundedMetrics bounded = new BoundedMetrics(registry, clock);
    DeviceClients clients = DeviceClients.registered(config.devices(), registry, bounded);
    IdentityLabels ids = new IdentityLabels(config.labels());
    this.program = new LogProgram(config, registry, bounded, clock, ids, recorder, clients);
    this.backfill = options.backfill() ? new OpenMetricsBackfill(options.targetLabels()) : null;
  }

  /** Step boundaries run so far: what a replay's time grows with besides its lines. */
  long boundariesRun() {
    return boundariesRun;
  }

  /** The processes with a first line to read, each placed inside or outside the window. */
  private List<ProcessLog> startReading(ReplayInputs inputs) {
    List<ProcessLog> reading = new ArrayList<>();
    for (ProcessLog p : inputs.processes()) {
      // Without --from, lines before a file's first record are in the window too.
      p.inRange = options.from() == null;
      if (p.advance()) {
        reading.add(p);
      }
    }
    return reading;
  }

  /** Reads every input to its end (or to {@code --to}) and returns what was found. */
  public ReplayRun run(List<String> files) {
    ReplayInputs inputs = open(files);
    long total = inputs.totalBytes();
    long from = options.from() == null ? Long.MIN_VALUE : options.from().toEpochMilli();
    long to = options.to() == null ? Long.MAX_VALUE : options.to().toEpochMilli();
    List<ProcessLog> reading = startReading(inputs);
    long lines = 0;
    long outside = 0;
    long first = Long.MIN_VALUE;
    long last = Long.MIN_VALUE;
    long nextBoundary = Long.MIN_VALUE;
    boolean stoppedAtTo = false;
    @Nullable String backfillProblem = null;
    while (!reading.isEmpty()) {
      ProcessLog next = earliest(reading);
      lines++;
      if ((lines & (PROGRESS_EVERY_LINES - 1)) == 0) {
        progress.update(bytesRead.get(), total, lines);
      }
      if (next.outcome() == ParseOutcome.RECORD) {
        long at = next.record().timestampMillis();
        if (at >= to) {
          // Files are read in time order: what follows in this process is later still.
          stoppedAtTo = true;
          outside++;
          reading.remove(next);
          next.close();
          continue;
        }
        if (at < from) {
          next.inRange = false;
          outside++;
          advanceOrDrop(next, reading);
          continue;
        }
        next.inRange = true;
        if (nextBoundary == Long.MIN_VALUE) {
          nextBoundary = Math.floorDiv(at, stepMillis) * stepMillis;
          first = at;
        }
        while (at >= nextBoundary) {
          backfillProblem = boundary(nextBoundary, backfillProblem);
          nextBoundary = following(nextBoundary, last, at);
        }
        clock.advanceTo(at);
        last = Math.max(last, at);
      } else if (!next.inRange) {
        outside++;
        advanceOrDrop(next, reading);
        continue;
      }
      next.handTo(program);
      advanceOrDrop(next, reading);
    }
    program.flush();
    if (nextBoundary != Long.MIN_VALUE) {
      backfillProblem = boundary(nextBoundary, backfillProblem);
    }
    progress.update(bytesRead.get(), total, lines);
    progress.done();
    return new ReplayRun(
        options,
        inputs.files(),
        registry,
        recorder,
        backfillProblem == null ? backfill : null,
        backfillProblem,
        lines,
        outside,
        first == Long.MIN_VALUE ? null : Instant.ofEpochMilli(first),
        last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last),
        stoppedAtTo);
  }

  /** The inputs, each file's lines parsed ahead on the workers (if any) with the program's step. */
  private ReplayInputs open(List<String> files) {
    return ReplayInputs.open(
        files,
        // The wall clock, not the log's: syslog stamps lack a year, guessed from today.
        () -> RecordParsers.forLayout(config, Clock.systemUTC()),
        config.logs().maxLineBytes(),
        bytesRead::addAndGet,
        workersFor(files),
        program.recordStep());
  }

  private @Nullable ParseWorkers workersFor(List<String> files) {
    if (workers == null || !sizeDecides) {
      return workers;
    }
    return WorthParsingAhead.of(files.stream().map(ReplayFile::of).toList()) ? workers : null;
  }

  /**
   * The idle tail: at least {@link #IDLE_TAIL_MIN}, and longer than the quiet period (twice, for a
   * verdict to settle) and the idle TTL of series, whichever is longest.
   */
  static Duration idleTail(ExporterConfig config) {
    Duration tail = IDLE_TAIL_MIN;
    for (Duration d :
        List.of(
            config.diagnosis().quietPeriod().multipliedBy(2), config.devices().seriesIdleTtl())) {
      if (d.compareTo(tail) > 0) {
        tail = d;
      }
    }
    return tail;
  }

  /**
   * The boundary after {@code boundary}: the next step, or, once the log has been silent for the
   * idle tail since {@code lastRecord}, the last boundary at or before {@code nextRecord}.
   */
  private long following(long boundary, long lastRecord, long nextRecord) {
    long next = boundary + stepMillis;
    long beforeNext = Math.floorDiv(nextRecord, stepMillis) * stepMillis;
    if (lastRecord != Long.MIN_VALUE && next - lastRecord > idleTailMillis && next < beforeNext) {
      return beforeNext;
    }
    return next;
  }

  /** Time-based work at a step boundary, then (for a backfill) one sample of every series. */
  private @Nullable String boundary(long millis, @Nullable String problem) {
    boundariesRun++;
    clock.advanceTo(millis);
    program.tick(millis);
    OpenMetricsBackfill b = backfill;
    if (b == null || problem != null) {
      return problem;
    }
    b.snapshot(millis, registry.scrape());
    if (b.cells() > MAX_BACKFILL_CELLS) {
      return "the backfill stopped at "
          + Instant.ofEpochMilli(millis)
          + ": more than "
          + MAX_BACKFILL_CELLS
          + " samples; use a larger --step or a narrower --from/--to";
    }
    return null;
  }

  private static ProcessLog earliest(List<ProcessLog> reading) {
    ProcessLog best = reading.get(0);
    for (int i = 1; i < reading.size(); i++) {
      ProcessLog p = reading.get(i);
      if (p.sortMillis() < best.sortMillis()) {
        best = p;
      }
    }
    return best;
  }

  private static void advanceOrDrop(ProcessLog p, List<ProcessLog> reading) {
    if (!p.advance()) {
      reading.remove(p);
      p.close();
    }
  }
}
