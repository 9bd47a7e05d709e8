package dev.e2ee.exporter.log;

import dev.e2ee.exporter.jmh.AverageTimeBenchmark;
import dev.e2ee.exporter.log.parse.AccessLine;
import dev.e2ee.exporter.log.parse.AccessLineParser;
import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.TextRecordParser;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The access-line parser alone, over the access records of the corpus (records already split), so
 * that a change to the parser shows without the noise of the rest of the pipeline.
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Measurement(iterations = 10, time = 2)
@Fork(3)
public class AccessLineParserBenchmark extends AverageTimeBenchmark {
  static final int RECORDS = 10_000;
  LogRecord[] records = new LogRecord[0];
  final AccessLineParser parser = new AccessLineParser();
  final AccessLine into = new AccessLine();

  @Setup(Level.Trial)
  public void setUp() {
    TextRecordParser text = new TextRecordParser(ZoneOffset.UTC);
    List<LogRecord> access = new ArrayList<>();
    for (String line : SynapseLogCorpus.lines(RECORDS * 4, 7)) {
      LogRecord r = new LogRecord();
      if (text.parse(line, r) == ParseOutcome.RECORD
          && r.loggerStartsWith("synapse.access.")
          && access.size() < RECORDS) {
        access.add(r);
      }
    }
    if (access.size() < RECORDS) {
      throw new IllegalStateException("the corpus gave only " + access.size() + " access records");
    }
    records = access.toArray(LogRecord[]::new);
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void parse(Blackhole blackhole) {
    for (LogRecord r : records) {
      blackhole.consume(parser.parse(r, into));
    }
  }
}
