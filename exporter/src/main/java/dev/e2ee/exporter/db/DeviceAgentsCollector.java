package dev.e2ee.exporter.db;

import dev.e2ee.exporter.domain.ClientRelease;
import dev.e2ee.exporter.evidence.WatchedDevice;
import dev.e2ee.exporter.metrics.DeviceClients;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * Names the client of watched devices from {@code devices.user_agent}, which the watched-devices
 * query already read: no query of its own, and no table beyond {@code devices} (the agent per
 * request lives in {@code user_ips}, next to access tokens; it is never read).
 */
public final class DeviceAgentsCollector implements DbCollector {
  private final DeviceClients clients;
  private final IdentityLabels ids;

  public DeviceAgentsCollector(DeviceClients clients, IdentityLabels ids) {
    this.clients = clients;
    this.ids = ids;
  }

  @Override
  public String name() {
    return "device_agents";
  }

  @Override
  public Future<Void> poll(SqlClient client, QueryMetrics metrics, PollContext context) {
    for (WatchedDevice d : context.watched()) {
      if (d.userAgent() != null) {
        clients.recordFromDatabase(
            ids.user(d.userId()),
            ids.device(d.deviceId()),
            ClientRelease.of(d.userAgent()),
            context.nowMillis());
      }
    }
    return Future.succeededFuture();
  }
}
