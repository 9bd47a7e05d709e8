package dev.e2ee.exporter.http;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs password checks on one dedicated thread - never on the threads that render /metrics - at
 * most {@code perSecond} slow ones per second after a burst, taking turns between client addresses
 * ({@link FairTurns}) instead of serving whoever asks first: with 20 addresses flooding, a scraper
 * that was not accepted before still gets its turn within about 20 checks. A check that has become
 * cheap by the time its turn comes (a credential was accepted meanwhile) does not wait for a turn
 * of the rate.
 */
final class FairVerifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FairVerifier.class);

  /** A check; {@link #expensive} is asked when its turn comes. */
  interface Check {
    boolean expensive();

    boolean run();
  }

  private record Job(Check check, Consumer<Boolean> result) {}

  private final FairTurns<Job> turns = new FairTurns<>();
  private final TokenBucket pace;
  private final LongSupplier nanos;
  private final Thread worker;
  private volatile boolean open = true;

  FairVerifier(double burst, double perSecond, LongSupplier nanos) {
    this.nanos = nanos;
    this.pace = new TokenBucket(burst, perSecond, nanos.getAsLong());
    this.worker = new Thread(this::work, "basic-auth-verifier");
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Queues a check for the client; false when the client already waits for one (or too many clients
   * wait). The result goes to {@code result} on the verifier thread, also when the client has gone
   * meanwhile: a scraper whose request timed out in the queue is accepted at its next scrape.
   */
  synchronized boolean submit(String client, Check check, Consumer<Boolean> result) {
    if (!open || !turns.offer(client, new Job(check, result))) {
      return false;
    }
    notifyAll();
    return true;
  }

  synchronized boolean isWaiting(String client) {
    return turns.isWaiting(client);
  }

  private void work() {
    while (open) {
      Job job;
      try {
        job = next();
      } catch (InterruptedException e) {
        return;
      }
      try {
        job.result().accept(job.check().run());
      } catch (RuntimeException e) {
        LOG.warn("basic auth check failed: {}", e.toString());
        job.result().accept(false);
      }
    }
  }

  /** Waits for a queued job and, if it is still expensive, for a turn of the rate. */
  private synchronized Job next() throws InterruptedException {
    while (true) {
      while (turns.isEmpty()) {
        wait();
      }
      Job cheap = pollIfCheap();
      if (cheap != null) {
        return cheap;
      }
      long wait = pace.nanosToNextToken(nanos.getAsLong());
      if (wait > 0) {
        // Sleep releasing the lock, so requests keep being queued; then look again, because
        // the job at the head may have changed or become cheap.
        TimeUnit.NANOSECONDS.timedWait(this, wait);
        continue;
      }
      Job job = turns.poll();
      if (job != null) {
        if (job.check().expensive()) {
          pace.tryTake(nanos.getAsLong());
        }
        return job;
      }
    }
  }

  /** The head job if it no longer needs a turn of the rate. */
  private @Nullable Job pollIfCheap() {
    return turns.pollIf(j -> !j.check().expensive());
  }

  @Override
  public synchronized void close() {
    open = false;
    worker.interrupt();
    Job job;
    while ((job = turns.poll()) != null) {
      job.result().accept(false);
    }
  }
}
