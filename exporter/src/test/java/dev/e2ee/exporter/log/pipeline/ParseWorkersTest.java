package dev.e2ee.exporter.log.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.TextRecordParser;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParseWorkersTest {

  @ParameterizedTest(name = "logs.parse_threads {0} on {1} processors, {2} reserved: {3} workers")
  @CsvSource({
    "4, 2, 1, 1", "4, 1, 1, 0", "1, 2, 1, 1", "4, 8, 1, 4", "2, 8, 1, 2", "0, 8, 1, 0",
    "-3, 8, 1, 0", "8, 3, 1, 2", "4, 2, 2, 0", "4, 3, 2, 1", "4, 1, 2, 0", "4, 16, 2, 4"
  })
  void threadsAreTheSettingBoundedByTheProcessorsLeft(
      int configured, int processors, int reserved, int threads) {
    assertThat(ParseWorkers.threadsFor(configured, processors, reserved)).isEqualTo(threads);
  }

  @Test
  void zeroMeansNoWorkersAtAll() {
    assertThat(ParseWorkers.forConfig(0, ParseWorkers.RESERVED_FOR_REPLAY)).isEmpty();
  }

  @Test
  void oneProcessorIsLeftToTheProgram() {
    int processors = Runtime.getRuntime().availableProcessors();
    assertThat(
            ParseWorkers.forConfig(processors + 4, ParseWorkers.RESERVED_FOR_REPLAY)
                .map(ParseWorkers::threads))
        .isEqualTo(
            processors <= 1 ? java.util.Optional.empty() : java.util.Optional.of(processors - 1));
  }

  @Test
  void aSubmittedBatchComesBackParsedOnAWorkerThread() {
    ParseWorkers workers = ParseWorkers.of(2, 7, 99);
    assertThat(workers.batchLines()).isEqualTo(7);
    assertThat(workers.batchChars()).isEqualTo(99);
    String[] thread = new String[1];
    LineBatch batch =
        new LineBatch(
            1,
            "homeserver.log",
            new TextRecordParser(ZoneOffset.UTC),
            r -> {
              thread[0] = Thread.currentThread().getName();
              return null;
            });
    batch.add(
        "2026-12-06 06:55:43,573 - synapse.handlers.e2e_keys - 955 - INFO - POST-36 - Adding"
            + " one_time_keys dict_keys(['signed_curve25519:AAAAAAAAAAE']) for device"
            + " 'STORMDESKTOP' for user '@storm:compat.test' at 1796540143557");

    workers.submit(batch);
    batch.awaitParsed(ParseWorkers.SPIN_NANOS);

    assertThat(batch.guess(0)).isEqualTo(ParseOutcome.RECORD);
    assertThat(thread[0]).startsWith("log-parse-");
  }
}
