package dev.e2ee.exporter.log.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.ProgramHarness;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sink between tailer and program, fed the text fixture (real Synapse line shapes): once the
 * sink has ticked, every line of the round has reached the program, in order, parsed on the workers
 * in batches or on the caller's thread, and the program counts what it counts when fed line by
 * line.
 */
class ParallelSinkTest {
  private static final String FILE = "/var/log/matrix-synapse/homeserver.log";
  private static final List<String> LINES = ProgramHarness.resourceLines("homeserver-text.log");
  private static final String RECORDS = "synapse_e2ee_log_records_total{file=\"" + FILE + "\"}";

  @ParameterizedTest(name = "{0} lines in batches of {1}")
  @CsvSource({"3, 7", "7, 7", "20, 7", "20, 1000", "-1, 7", "-1, 1"})
  void aRoundsLinesAreCountedAsLineByLineOnceTheSinkHasTicked(int lines, int batch) {
    List<String> round = lines < 0 ? LINES : LINES.subList(0, lines);
    ProgramHarness viaWorkers = new ProgramHarness();
    ParallelSink sink = new ParallelSink(viaWorkers.program, ParseWorkers.of(2, batch, 1 << 20));
    round.forEach(l -> sink.accept(FILE, l));
    sink.tick(viaWorkers.clock.millis());

    ProgramHarness lineByLine = new ProgramHarness();
    lineByLine.feed(FILE, round);
    String expected = lineByLine.settle().text();
    assertThat(expected).contains(RECORDS);
    assertThat(viaWorkers.settle().text()).isEqualTo(expected);
  }
}
