package dev.e2ee.exporter.log.pipeline;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that parse lines ahead. Their number follows the processors the JVM may use (cgroup
 * limits included) up to {@code logs.parse_threads}; idle threads end after a while, so a live tail
 * that never fills a batch costs no thread. The queue is unbounded here because its callers bound
 * what they submit ({@link ParseAhead} keeps a few batches in flight).
 */
public final class ParseWorkers {
  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final long IDLE_SECONDS = 30;

  /** Lines per batch: enough that a hand-off costs little per line. */
  static final int BATCH_LINES = 128;

  /** Characters per batch at most (one longer line makes a batch alone). */
  static final long BATCH_CHARS = 32 * 1024;

  private final ExecutorService executor;
  private final int threads;
  private final int batchLines;
  private final long batchChars;

  private ParseWorkers(int threads, int batchLines, long batchChars) {
    this.threads = threads;
    this.batchLines = batchLines;
    this.batchChars = batchChars;
    int pool = POOLS.incrementAndGet();
    AtomicInteger made = new AtomicInteger();
    ThreadPoolExecutor e =
        new ThreadPoolExecutor(
            threads,
            threads,
            IDLE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "log-parse-" + pool + "-" + made.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    e.allowCoreThreadTimeOut(true);
    this.executor = e;
  }

  /**
   * Workers for {@code configuredMax} ({@code logs.parse_threads}) on this machine; none (every
   * line parsed in order on the reading thread, as before) when that comes to one thread.
   */
  public static Optional<ParseWorkers> forConfig(int configuredMax) {
    int n = threadsFor(configuredMax, Runtime.getRuntime().availableProcessors());
    return n <= 1 ? Optional.empty() : Optional.of(new ParseWorkers(n, BATCH_LINES, BATCH_CHARS));
  }

  /**
   * This many threads whatever the machine has, and batches of this size: tests make batches small
   * so that every boundary (batch, file, layout switch) is crossed many times.
   */
  public static ParseWorkers of(int threads, int batchLines, long batchChars) {
    return new ParseWorkers(threads, batchLines, batchChars);
  }

  int batchLines() {
    return batchLines;
  }

  long batchChars() {
    return batchChars;
  }

  static int threadsFor(int configuredMax, int processors) {
    return Math.max(1, Math.min(configuredMax, processors));
  }

  int threads() {
    return threads;
  }

  Future<LineBatch> submit(LineBatch batch) {
    return executor.submit(
        () -> {
          batch.parse();
          return batch;
        });
  }
}
