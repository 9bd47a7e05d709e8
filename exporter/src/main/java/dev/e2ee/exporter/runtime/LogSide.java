package dev.e2ee.exporter.runtime;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.evidence.ConflictState;
import dev.e2ee.exporter.evidence.LogClock;
import dev.e2ee.exporter.log.LineSink;
import dev.e2ee.exporter.log.LogSource;
import dev.e2ee.exporter.log.pipeline.ParallelSink;
import dev.e2ee.exporter.log.pipeline.ParseWorkers;
import dev.e2ee.exporter.log.program.LogProgram;
import dev.e2ee.exporter.log.program.ProgramEvents;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.IdentityLabels;
import dev.e2ee.exporter.source.Source;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.List;

/** What the rest of the exporter reads of the log: running, or switched off (empty answers). */
interface LogSide {
  Source source();

  List<ConflictState> conflictingDevices();

  List<OtkConflict> recentConflicts();

  List<OtkConflict> activeConflicts();

  LogClock clock();

  static LogSide start(
      ExporterConfig config,
      PrometheusRegistry registry,
      BoundedMetrics bounded,
      Clock clock,
      IdentityLabels ids,
      ProgramEvents events,
      DeviceTables tables) {
    if (!config.logs().enabled()) {
      return new Off();
    }
    LogProgram program =
        new LogProgram(config, registry, bounded, clock, ids, events, tables.clients());
    // A backlog is parsed on every core; a live tail stays on the tailer thread (ParallelSink).
    LineSink sink =
        ParseWorkers.forConfig(config.logs().parseThreads())
            .<LineSink>map(workers -> new ParallelSink(program, workers))
            .orElse(program);
    LogSource source = new LogSource(config.logs(), sink, registry, clock, program::layouts);
    source.start();
    return new Running(program, source);
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
