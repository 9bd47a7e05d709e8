package dev.e2ee.exporter.console;

import dev.e2ee.exporter.domain.DeviceRef;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The console's per-device history at its bound, measured: the heap a {@link DeviceHistory} holds
 * with {@code max_devices} devices, each with both rings full (a storm and a backlog every minute
 * of the hour), ids included. Run with a fixed heap and the serial collector so that "used after a
 * full GC" is stable:
 *
 * <pre>java -Xms1g -Xmx1g -XX:+UseSerialGC -cp bench/target/benchmarks.jar \
 *   dev.e2ee.exporter.console.RingBufferFootprint 500 100000</pre>
 */
public final class RingBufferFootprint {
  private RingBufferFootprint() {}

  public static void main(String[] args) {
    // Load and compile everything once, so that the first measurement counts only the data.
    fill(1000).size();
    for (String arg : args.length == 0 ? new String[] {"500", "100000"} : args) {
      int devices = Integer.parseInt(arg);
      // A small history is measured as many copies: one alone is below the heap's noise.
      int copies = Math.max(1, 100_000 / devices);
      DeviceHistory[] kept = new DeviceHistory[copies];
      long before = usedAfterGc();
      for (int c = 0; c < copies; c++) {
        kept[c] = fill(devices);
      }
      long after = usedAfterGc();
      long perHistory = (after - before) / copies;
      System.out.printf(
          "max_devices=%d: %d devices kept, %.2f MiB, %d bytes per device (mean of %d)%n",
          devices, kept[0].size(), perHistory / 1048576.0, perHistory / devices, copies);
    }
  }

  static DeviceHistory fill(int devices) {
    long now = 1_796_540_400_000L;
    DeviceHistory history = new DeviceHistory(devices, 600_000);
    for (int d = 0; d < devices; d++) {
      // Ids as long as Synapse's usual ones, made fresh (not interned) as the log's would be.
      DeviceRef ref =
          new DeviceRef(
              new String("@someuser" + d + ":matrix.example.org"),
              new String("ABCDEFGH" + Integer.toString(d, 36).toUpperCase(java.util.Locale.ROOT)));
      for (int minute = 0; minute < 60; minute++) {
        long at = now - (59 - minute) * 60_000L;
        history.conflict(ref, at, now);
        history.pending(ref, minute, at);
      }
    }
    return history;
  }

  static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
