package dev.e2ee.exporter.log;

import dev.e2ee.exporter.config.CaptureConfig;
import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.config.DevicesConfig;
import dev.e2ee.exporter.config.DiagnosisConfig;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.ListenConfig;
import dev.e2ee.exporter.config.LogFormat;
import dev.e2ee.exporter.config.LogsConfig;
import dev.e2ee.exporter.config.SelfConfig;
import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.config.SynapseConfig;
import dev.e2ee.exporter.config.UiConfig;
import dev.e2ee.exporter.log.program.LogProgram;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Parse + count on one thread: lines already in memory, through the full log program. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx1g"}) // the 1M lines held in memory need it; the pipeline itself does not
public class ParseAndCountBenchmark {
  static final int LINES = 1_000_000;
  String[] lines;
  LogProgram program;

  @Setup(Level.Trial)
  public void setUp() {
    lines = SynapseLogCorpus.lines(LINES, 1).toArray(String[]::new);
    PrometheusRegistry registry = new PrometheusRegistry();
    program =
        new LogProgram(
            config(),
            registry,
            new BoundedMetrics(registry, Clock.systemUTC()),
            Clock.systemUTC(),
            new IdentityLabels(config().labels()));
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public void parseAndCount() {
    for (String line : lines) {
      program.accept("/var/log/matrix-synapse/homeserver.log", line);
    }
    program.tick(System.currentTimeMillis());
  }

  static ExporterConfig config() {
    return new ExporterConfig(
        new ListenConfig("127.0.0.1", 0),
        SelfConfig.DEFAULTS,
        new SynapseConfig("example.org", ZoneOffset.UTC),
        LogsConfig.DEFAULTS.with(
            l -> {
              l.files = List.of("x");
              l.format = LogFormat.TEXT;
              l.startAt = StartAt.BEGINNING;
              l.positionsFile = Optional.empty();
            }),
        DatabaseConfig.DEFAULTS.with(d -> d.enabled = false),
        LabelsConfig.DEFAULTS,
        DevicesConfig.DEFAULTS,
        DiagnosisConfig.DEFAULTS,
        UiConfig.DEFAULTS,
        CaptureConfig.DEFAULTS);
  }
}
