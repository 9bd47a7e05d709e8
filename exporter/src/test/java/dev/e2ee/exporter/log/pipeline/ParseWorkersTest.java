package dev.e2ee.exporter.log.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.TextRecordParser;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParseWorkersTest {

  @ParameterizedTest(name = "logs.parse_threads {0} on {1} processors: {2} threads")
  @CsvSource({"1, 2, 1", "4, 2, 2", "2, 8, 2", "0, 8, 1", "-3, 8, 1", "8, 1, 1"})
  void threadsAreTheSettingBoundedByTheProcessors(int configured, int processors, int threads) {
    assertThat(ParseWorkers.threadsFor(configured, processors)).isEqualTo(threads);
  }

  @Test
  void oneThreadMeansNoWorkersAtAll() {
    assertThat(ParseWorkers.forConfig(1)).isEmpty();
    assertThat(ParseWorkers.forConfig(0)).isEmpty();
  }

  @Test
  void theSettingIsKeptWhenTheMachineHasTheProcessors() {
    int processors = Runtime.getRuntime().availableProcessors();
    assertThat(ParseWorkers.forConfig(processors + 4).map(ParseWorkers::threads))
        .isEqualTo(
            processors <= 1 ? java.util.Optional.empty() : java.util.Optional.of(processors));
  }

  @Test
  void aSubmittedBatchComesBackParsedOnAWorkerThread()
      throws InterruptedException, ExecutionException {
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

    Future<LineBatch> done = workers.submit(batch);

    assertThat(done.get()).isSameAs(batch);
    assertThat(batch.guess(0)).isEqualTo(ParseOutcome.RECORD);
    assertThat(thread[0]).startsWith("log-parse-");
  }
}
