package dev.e2ee.exporter.db;

import dev.e2ee.exporter.config.DevicesConfig;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.support.ErrorText;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, before the collectors of a round run, which devices get series of their own and whether
 * the whole-table aggregates are due. The devices messages wait for are a whole-table read, so they
 * are found again only with the aggregates.
 */
final class DeviceListing {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceListing.class);

  private final DevicesConfig devices;
  private final Duration aggregateInterval;
  private final Supplier<? extends Collection<DeviceRef>> logNamedDevices;
  private final PendingTargets pendingTargets;
  private final PollerMetrics metrics;
  private final QueryMetrics queryMetrics;
  private long lastAggregateMillis = Long.MIN_VALUE;

  DeviceListing(
      DevicesConfig devices,
      Duration aggregateInterval,
      Supplier<? extends Collection<DeviceRef>> logNamedDevices,
      PendingTargets pendingTargets,
      PollerMetrics metrics,
      QueryMetrics queryMetrics) {
    this.devices = devices;
    this.aggregateInterval = aggregateInterval;
    this.logNamedDevices = logNamedDevices;
    this.pendingTargets = pendingTargets;
    this.metrics = metrics;
    this.queryMetrics = queryMetrics;
  }

  /** What this round knows before its collectors run; never fails. */
  Future<PollContext> next(SqlClient client, long now) {
    boolean aggregatesDue =
        lastAggregateMillis == Long.MIN_VALUE
            || now - lastAggregateMillis >= aggregateInterval.toMillis();
    if (aggregatesDue) {
      lastAggregateMillis = now;
    }
    Future<PendingTargets.Found> targets =
        aggregatesDue
            ? pendingTargets.refresh(client, queryMetrics, devices.maxDevices())
            : Future.succeededFuture(pendingTargets.last());
    return targets
        .compose(
            found ->
                WatchedDevicesQuery.run(
                    client,
                    queryMetrics,
                    now,
                    devices.activeDays(),
                    devices.maxDevices(),
                    logNamedDevices.get(),
                    found.mostPendingFirst()))
        .map(
            result -> {
              pendingTargets.watched(result.watched());
              metrics.watchedDevices.set(result.watched().size());
              metrics.activeDevices.set((double) result.activeDevices());
              return new PollContext(result.watched(), now, aggregatesDue);
            })
        .otherwise(
            error -> {
              // Without the device list only the per-device collectors go without; the rest still
              // run.
              LOG.debug("watched devices query failed: {}", ErrorText.describe(error));
              return new PollContext(List.of(), now, aggregatesDue);
            });
  }
}
