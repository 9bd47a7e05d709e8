package dev.e2ee.exporter.console;

import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.log.parse.DelayedAction;
import dev.e2ee.exporter.log.parse.Endpoint;
import dev.e2ee.exporter.log.program.ProgramEvents;
import dev.e2ee.exporter.log.program.ProgramEvents.CountedRequest;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * Feeds the console from the log program's own events (the path that feeds the metrics): rejected
 * uploads into each device's sparkline, access lines into the live Q4. Runs on the log thread.
 */
public final class ConsoleEvents implements ProgramEvents {
  private static final long MINUTE = 60_000L;

  private final DeviceHistory history;
  private final LiveQ4 q4;
  private final Clock clock;
  private long newestMinute = Long.MIN_VALUE;

  public ConsoleEvents(DeviceHistory history, LiveQ4 q4, Clock clock) {
    this.history = history;
    this.q4 = q4;
    this.clock = clock;
  }

  @Override
  public void request(CountedRequest r) {
    @Nullable DelayedAction action = r.action();
    double seconds = r.access().processingSeconds();
    if (r.endpoint() != Endpoint.SYNC) {
      q4.homeserverRequest(r.timestampMillis(), seconds);
    }
    if (action != null) {
      q4.delayedRequest(
          r.timestampMillis(),
          seconds,
          r.access().disconnected(),
          action == DelayedAction.UPDATE || action == DelayedAction.RESTART);
    }
    long minute = Math.floorDiv(r.timestampMillis(), MINUTE);
    if (minute > newestMinute) {
      newestMinute = minute;
      history.logReadUntil(r.timestampMillis());
    }
  }

  @Override
  public void upload(FinishedUpload upload) {
    OtkConflict conflict = upload.conflict();
    if (conflict != null) {
      conflict
          .device()
          .ifPresent(d -> history.conflict(d, conflict.timestampMillis(), clock.millis()));
    }
  }
}
