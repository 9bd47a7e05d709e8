package dev.e2ee.exporter.runtime;

import dev.e2ee.exporter.config.LogsConfig;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.evidence.ConflictState;
import dev.e2ee.exporter.evidence.LogClock;
import dev.e2ee.exporter.log.LineSink;
import dev.e2ee.exporter.log.LogSource;
import dev.e2ee.exporter.log.pipeline.ParallelSink;
import dev.e2ee.exporter.log.pipeline.ParseWorkers;
import dev.e2ee.exporter.log.program.LogProgram;
import dev.e2ee.exporter.source.Source;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/** What the rest of the exporter reads of the log: running, or switched off (empty answers). */
interface LogSide {
  Source source();

  List<ConflictState> conflictingDevices();

  List<OtkConflict> recentConflicts();

  List<OtkConflict> activeConflicts();

  LogClock clock();

  /**
   * The log side for {@code logs}: the program {@code program} makes, fed by a tailer, or off.
   *
   * @param program makes the log program; called only when the log is on, since a program registers
   *     its metrics when made
   */
  static LogSide start(
      LogsConfig logs, PrometheusRegistry registry, Clock clock, Supplier<LogProgram> program) {
    if (!logs.enabled()) {
      return new Off();
    }
    LogProgram running = program.get();
    // When logs.parse_threads and the processors allow workers, a backlog is parsed ahead on them;
    // a live tail stays on the tailer thread (ParallelSink).
    LineSink sink =
        ParseWorkers.forConfig(logs.parseThreads(), ParseWorkers.RESERVED_FOR_TAIL)
            .<LineSink>map(workers -> new ParallelSink(running, workers))
            .orElse(running);
    LogSource source = new LogSource(logs, sink, registry, clock, running::layouts);
    source.start();
    return new Running(running, source);
  }

  record Running(LogProgram program, LogSource source) implements LogSide {
    @Override
    public List<ConflictState> conflictingDevices() {
      return program.conflictingDevices().devices();
    }

    @Override
    public List<OtkConflict> recentConflicts() {
      return program.conflictingDevices().recent();
    }

    @Override
    public List<OtkConflict> activeConflicts() {
      return program.activeConflicts();
    }

    @Override
    public LogClock clock() {
      return program.logClock();
    }
  }

  record Off() implements LogSide {
    @Override
    public Source source() {
      return new DisabledSource("log");
    }

    @Override
    public List<ConflictState> conflictingDevices() {
      return List.of();
    }

    @Override
    public List<OtkConflict> recentConflicts() {
      return List.of();
    }

    @Override
    public List<OtkConflict> activeConflicts() {
      return List.of();
    }

    @Override
    public LogClock clock() {
      return LogClock.NONE;
    }
  }
}
