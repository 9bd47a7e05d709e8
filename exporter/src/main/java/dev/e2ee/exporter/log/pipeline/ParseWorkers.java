package dev.e2ee.exporter.log.pipeline;

import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The threads that parse lines ahead. Their number follows the processors the JVM may use (cgroup
 * limits included: the systemd unit's {@code CPUQuota=50%} leaves it one) less those the reading
 * thread needs, up to {@code logs.parse_threads}. The queue is unbounded here because its callers
 * bound what they submit ({@link ParseAhead} keeps a few batches in flight).
 *
 * <p>Batches are handed over by a queue that a worker keeps looking at for a short while after it
 * emptied it, instead of an executor's queue and futures. While a backlog is read, a batch comes
 * every 50-100 microseconds; a thread that went to sleep between two of them has to be woken, which
 * on a virtual machine (an interrupt to an idle vCPU) cost about 20 microseconds on each side per
 * batch, measured: 0.8 CPU-seconds per 5M lines with batches of 32 kB. A worker that found nothing
 * for {@link #SPIN_NANOS} gives its thread back to the pool, whose idle threads end after a while:
 * a live tail that never fills a batch costs no thread.
 */
public final class ParseWorkers {
  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final long IDLE_SECONDS = 30;

  /** Lines per batch: enough that a hand-off costs little per line. */
  static final int BATCH_LINES = 128;

  /** Characters per batch at most (one longer line makes a batch alone). */
  static final long BATCH_CHARS = 32 * 1024;

  /**
   * How long a worker that emptied the queue, or a reader whose batch is not parsed yet, looks
   * again before sleeping: about one batch's time on the other side (50 microseconds, measured as
   * fast as 200 and cheaper in CPU).
   */
  static final long SPIN_NANOS = 50_000;

  /**
   * Processors {@code replay} leaves to its reading thread, which only reads bytes and counts in
   * order: the workers split, decode and parse.
   */
  public static final int RESERVED_FOR_REPLAY = 1;

  /**
   * Processors {@code serve}'s catch-up leaves to the tailer thread and to the homeserver beside
   * it. With whole reads split on the worker, one worker on 2 CPUs caught up the same 5M lines in
   * the same time and 15M lines 6-8 % sooner, for a quarter more CPU (docs/benchmarks.md, "Fifth
   * round"): not worth taking from Synapse's host while it recovers, so the workers start from the
   * third processor.
   */
  public static final int RESERVED_FOR_TAIL = 2;

  private final ExecutorService executor;
  private final ConcurrentLinkedQueue<LineBatch> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger draining = new AtomicInteger();
  private final int threads;
  private final int batchLines;
  private final long batchChars;
  private final long spinNanos;

  private ParseWorkers(int threads, int batchLines, long batchChars, long spinNanos) {
    this.threads = threads;
    this.batchLines = batchLines;
    this.batchChars = batchChars;
    this.spinNanos = spinNanos;
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
   * Workers for {@code configuredMax} ({@code logs.parse_threads}) on this machine, {@code
   * reserved} processors left to the reading thread; none (every line parsed in order on the
   * reading thread) when that comes to none.
   */
  public static Optional<ParseWorkers> forConfig(int configuredMax, int reserved) {
    int n = threadsFor(configuredMax, Runtime.getRuntime().availableProcessors(), reserved);
    return n < 1
        ? Optional.empty()
        : Optional.of(new ParseWorkers(n, BATCH_LINES, BATCH_CHARS, SPIN_NANOS));
  }

  /**
   * This many threads whatever the machine has, and batches of this size: tests make batches small
   * so that every boundary (batch, file, layout switch) is crossed many times.
   */
  public static ParseWorkers of(int threads, int batchLines, long batchChars) {
    return of(threads, batchLines, batchChars, SPIN_NANOS);
  }

  /** As {@link #of(int, int, long)}, looking for work this long before sleeping (0: never). */
  static ParseWorkers of(int threads, int batchLines, long batchChars, long spinNanos) {
    return new ParseWorkers(threads, batchLines, batchChars, spinNanos);
  }

  int batchLines() {
    return batchLines;
  }

  long batchChars() {
    return batchChars;
  }

  static int threadsFor(int configuredMax, int processors, int reserved) {
    return Math.max(0, Math.min(configuredMax, processors - reserved));
  }

  long spinNanos() {
    return spinNanos;
  }

  int threads() {
    return threads;
  }

  /** Queues {@code batch} to be parsed; {@link LineBatch#awaitParsed} waits for it. */
  void submit(LineBatch batch) {
    queue.offer(batch);
    for (int n = draining.get(); n < threads; n = draining.get()) {
      if (draining.compareAndSet(n, n + 1)) {
        executor.execute(this::drain);
        return;
      }
    }
  }

  /**
   * Parses queued batches until none came for {@link #spinNanos}. A drain that gives up counts
   * itself out first and then looks once more, so a batch queued meanwhile is either seen here or
   * starts a new drain in {@link #submit}: never left behind.
   */
  private void drain() {
    while (true) {
      LineBatch b = pollSpinning();
      if (b != null) {
        b.parseAndPublish();
        continue;
      }
      draining.decrementAndGet();
      if (queue.isEmpty()) {
        return;
      }
      int n = draining.get();
      if (n >= threads || !draining.compareAndSet(n, n + 1)) {
        return;
      }
    }
  }

  private @Nullable LineBatch pollSpinning() {
    LineBatch b = queue.poll();
    if (b != null) {
      return b;
    }
    long until = System.nanoTime() + spinNanos;
    do {
      Thread.onSpinWait();
      b = queue.poll();
    } while (b == null && System.nanoTime() < until);
    return b;
  }
}
