package dev.e2ee.exporter.log.program;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.evidence.LogClock;
import dev.e2ee.exporter.log.parse.ContinuationTracker;
import dev.e2ee.exporter.log.parse.LayoutDetector;
import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.RecordParser;
import dev.e2ee.exporter.log.parse.RecordParsers;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The program's bookkeeping per source file and per worker: each file's parser and pipeline
 * counters, the newest record time seen, and at each tick the layouts and the log's own clock.
 */
final class ProgramSources {
  /** Per file: its parser, its pipeline counters, whether its last line was part of a record. */
  static final class Source {
    final RecordParser parser;
    final PipelineMetrics.File file;
    final ContinuationTracker continuation = new ContinuationTracker();

    Source(PipelineMetrics pipeline, String label, RecordParser parser) {
      this.parser = parser;
      this.file = pipeline.new File(label);
    }
  }

  private final ExporterConfig config;
  private final Clock clock;
  private final PipelineMetrics pipeline;
  private final Map<String, Source> sources = new HashMap<>();

  /**
   * Newest record time per worker, for lines that name their worker (several workers in one file).
   */
  private final Map<String, long[]> workerNewest = new HashMap<>();

  private final NewestRecords logClock = new NewestRecords();

  /** Read by check and the landing page on other threads; written at each tick. */
  private final Map<String, String> layouts = new ConcurrentHashMap<>();

  ProgramSources(ExporterConfig config, Clock clock, PipelineMetrics pipeline) {
    this.config = config;
    this.clock = clock;
    this.pipeline = pipeline;
  }

  /**
   * The file's state, made on its first line with the caller's parser (replay) or a new one for the
   * configured layout.
   */
  Source source(String label, @Nullable RecordParser callersParser) {
    Source src = sources.get(label);
    if (src == null) {
      RecordParser parser = callersParser;
      if (parser == null) {
        parser = RecordParsers.forSource(label, config, clock);
      }
      src = new Source(pipeline, label, parser);
      sources.put(label, src);
    }
    return src;
  }

  /** A known file's parser, or null before its first line. */
  @Nullable RecordParser parserOf(String label) {
    Source src = sources.get(label);
    return src == null ? null : src.parser;
  }

  /** Counts a record of the file and keeps the newest time of its file and its worker. */
  void recorded(Source src, LogRecord record) {
    src.continuation.record(record);
    PipelineMetrics.File file = src.file;
    file.records.inc();
    if (record.timestampMillis() > file.newestTimestampMillis) {
      file.newestTimestampMillis = record.timestampMillis();
      file.newestReadAtMillis = clock.millis();
    }
    String worker = record.worker();
    if (worker != null) {
      long[] newest = workerNewest.computeIfAbsent(worker, w -> new long[] {Long.MIN_VALUE});
      newest[0] = Math.max(newest[0], record.timestampMillis());
    }
  }

  /** Publishes each file's layout and freshness, and advances the log clock. */
  void publish() {
    sources.forEach(
        (label, src) -> {
          String layout = src.parser.layout();
          layouts.put(label, layout);
          src.file.layout(
              layout, src.parser instanceof LayoutDetector detector ? detector.changes() : 0);
          src.file.publish();
          if (src.file.newestTimestampMillis != Long.MIN_VALUE) {
            logClock.advance(label, src.file.newestTimestampMillis);
          }
        });
    workerNewest.forEach((worker, newest) -> logClock.advance(worker, newest[0]));
  }

  /** The layout of each file as detected (or configured) at the last tick. */
  Map<String, String> layouts() {
    return new TreeMap<>(layouts);
  }

  LogClock logClock() {
    return logClock;
  }
}
