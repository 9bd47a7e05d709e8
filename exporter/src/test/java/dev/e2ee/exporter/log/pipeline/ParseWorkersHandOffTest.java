package dev.e2ee.exporter.log.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.TextRecordParser;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hand-off between the reader and the workers ({@link ParseWorkers#submit}, {@link
 * LineBatch#awaitParsed}) loses no batch and leaves no reader asleep. A reader that is never woken
 * ignores interrupts (it must not lose its batch), so each reader here runs on a daemon thread that
 * the test waits for with a time limit: a lost wake-up fails the test instead of hanging the build.
 */
class ParseWorkersHandOffTest {
  private static final String LINE =
      "2026-11-25 21:00:00,100 - synapse.storage.SQL - 461 - INFO - R-1 - line ";
  private static final long LIMIT_SECONDS = 120;

  @Test
  void aReaderAsleepOnItsBatchIsWokenWhenTheWorkerIsDone() throws InterruptedException {
    LineBatch batch = batch(0);
    Thread reader = daemon(() -> batch.awaitParsed(0));
    reader.start();
    while (reader.getState() != Thread.State.WAITING && reader.isAlive()) {
      Thread.onSpinWait();
    }

    batch.parseAndPublish();

    reader.join(TimeUnit.SECONDS.toMillis(LIMIT_SECONDS));
    assertThat(reader.isAlive()).as("the reader still asleep").isFalse();
    assertThat(batch.guess(0)).isEqualTo(ParseOutcome.RECORD);
  }

  /**
   * With no spin every empty queue ends a worker's turn and every wait sleeps, so those paths are
   * crossed thousands of times, with pauses now and then long enough for every worker to give up.
   * The worker's count-out-then-look-again closes a race (a batch queued between a worker's last
   * look and its counting out) only nanoseconds wide: removing the second look was not caught in a
   * run of this test, so that path rests on the reasoning written in {@link ParseWorkers}.
   */
  @ParameterizedTest(name = "{0} workers, spin {1} ns")
  @CsvSource({"1, 0", "3, 0", "2, 50000"})
  void everyBatchComesBackParsedInItsOrder(int threads, long spinNanos)
      throws InterruptedException {
    ParseWorkers workers = ParseWorkers.of(threads, 4, 1 << 20, spinNanos);
    AtomicReference<@Nullable Throwable> failed = new AtomicReference<>();
    Thread reader =
        daemon(
            () -> {
              try {
                readAll(workers, threads + 3, spinNanos);
              } catch (Throwable t) {
                failed.set(t);
              }
            });
    reader.start();

    reader.join(TimeUnit.SECONDS.toMillis(LIMIT_SECONDS));
    assertThat(reader.isAlive()).as("the reader still waiting").isFalse();
    assertThat(failed.get()).isNull();
  }

  private static void readAll(ParseWorkers workers, int maxInFlight, long spinNanos) {
    Random random = new Random(29);
    ArrayDeque<LineBatch> inFlight = new ArrayDeque<>();
    int submitted = 0;
    int taken = 0;
    while (taken < 20_000) {
      if (submitted < 20_000 && inFlight.size() < maxInFlight) {
        LineBatch b = batch(submitted++);
        workers.submit(b);
        inFlight.add(b);
      } else {
        LineBatch b = inFlight.remove();
        b.awaitParsed(spinNanos);
        assertThat(b.line(0)).isEqualTo(LINE + taken++);
        assertThat(b.guess(0)).isEqualTo(ParseOutcome.RECORD);
      }
      if (random.nextInt(50) == 0) {
        LockSupport.parkNanos(random.nextInt(200_000));
      }
    }
  }

  private static LineBatch batch(int n) {
    LineBatch b = new LineBatch(1, "a", new TextRecordParser(ZoneOffset.UTC), r -> null);
    b.add(LINE + n);
    return b;
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "hand-off-reader");
    t.setDaemon(true);
    return t;
  }
}
