package dev.e2ee.exporter.cli;

import dev.e2ee.exporter.config.ConfigException;
import dev.e2ee.exporter.runtime.ExitCodes;
import dev.e2ee.exporter.runtime.Exporter;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;
import org.slf4j.LoggerFactory;

/** Starts an exporter and blocks until SIGTERM/SIGINT, then stops it gracefully. */
public final class RunUntilStopped {
  private RunUntilStopped() {}

  public static int run(Exporter exporter, Runnable afterStop, IntConsumer onStarted) {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              LoggerFactory.getLogger(RunUntilStopped.class).info("stopping");
              exporter.close();
              afterStop.run();
              stopped.countDown();
            },
            "shutdown");
    try {
      onStarted.accept(exporter.start());
    } catch (ConfigException e) {
      System.err.println("config error: " + e.getMessage());
      exporter.close();
      afterStop.run();
      return ExitCodes.USAGE;
    } catch (RuntimeException e) {
      System.err.println("error: " + e.getMessage());
      exporter.close();
      afterStop.run();
      return ExitCodes.RUNTIME_FAILURE;
    }
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }
}
