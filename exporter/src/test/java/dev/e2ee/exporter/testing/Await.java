package dev.e2ee.exporter.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something another thread does (a tailer, a poller), failing after a deadline. */
public final class Await {
  private Await() {}

  public static void until(BooleanSupplier condition, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + limit.toSeconds() + " s");
      }
      Thread.sleep(20);
    }
  }
}
