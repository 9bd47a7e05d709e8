package dev.e2ee.exporter.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples a process's resident set every 20 ms on a daemon thread and keeps the peak since the last
 * {@link #takeMb()}: VmHWM would give one peak for the whole life, not one per phase.
 */
final class PeakRss implements AutoCloseable {
  private final Path status;
  private final Thread sampler;
  private volatile long peakKb;
  private volatile boolean running = true;

  private PeakRss(long pid) {
    this.status = Path.of("/proc/" + pid + "/status");
    this.sampler = new Thread(this::sample, "rss-sampler");
    sampler.setDaemon(true);
  }

  static PeakRss watch(long pid) {
    PeakRss peak = new PeakRss(pid);
    peak.sampler.start();
    return peak;
  }

  /** The peak since the previous call, in MB, and starts a new phase. */
  synchronized double takeMb() {
    double mb = peakKb / 1024.0;
    peakKb = 0;
    return mb;
  }

  private void sample() {
    while (running) {
      try {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith("VmRSS:")) {
            long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            synchronized (this) {
              peakKb = Math.max(peakKb, kb);
            }
          }
        }
        Thread.sleep(20);
      } catch (IOException gone) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
