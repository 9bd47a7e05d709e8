package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.domain.ClientRelease;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.DeviceClients;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.Pollers;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.exporter.testing.SynapsePostgres;
import dev.e2ee.exporter.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Watched devices are named by devices.user_agent when the log has not attributed them. */
@NeedsPostgres
class DeviceAgentsTest extends PollerTestBase {
  static final String ANDROID =
      "Element/1.6.6 (samsung SM-S916B; Android 13; TP1A.220624.014; Flavour GooglePlay;"
          + " MatrixAndroidSdk2 1.6.6)";

  @Test
  void aDeviceIsAttributedFromTheDatabaseAloneAndTheLogWins() throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    long now = System.currentTimeMillis();
    db.rows().device("@carol:example.org", "PHONE", now - 60_000, false);
    db.rows().device("@carol:example.org", "LAPTOP", now - 60_000, false);
    db.execute("UPDATE devices SET user_agent = '" + ANDROID + "' WHERE device_id = 'PHONE'");
    db.execute("UPDATE devices SET user_agent = NULL WHERE device_id = 'LAPTOP'");
    DatabaseConfig config = asSuperuser(db);
    DeviceClients clients =
        new DeviceClients(
            500,
            Duration.ofHours(1).toMillis(),
            new BoundedMetrics(registry, Clock.systemUTC())
                .refusalsFor(DeviceClients.METRIC, Duration.ofHours(1)));
    registry.register(clients);
    // The log already saw the other device of another user with its own agent.
    clients.recordFromLog(
        "@dave:example.org", "CALL", new ClientRelease("Element X iOS", "26.04.1"), now);
    DatabasePoller poller = Pollers.watchingActiveDevices(vertx, config, registry);
    poller.addCollector(new DeviceAgentsCollector(clients, ids));
    assertThat(poller.pollOnce().await(20, TimeUnit.SECONDS)).isTrue();
    poller.close();

    Scrape s = Scrape.of(registry);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_device_client_info{client=\"Element Android\",device=\"PHONE\","
                    + "user=\"@carol:example.org\",version=\"1.6.6\"}"))
        .isEqualTo(1);
    // No agent stored: no series (not a guessed 'other').
    assertThat(s.countSeries("synapse_e2ee_device_client_info{client=\"other\"")).isZero();
    assertThat(s.countSeries("synapse_e2ee_device_client_info{")).isEqualTo(2);

    // A database agent never overrides what the log saw for the same device.
    clients.recordFromDatabase(
        "@dave:example.org", "CALL", ClientRelease.of("Mozilla/5.0 (X11) Firefox/148.0"), now);
    Scrape after = Scrape.of(registry);
    assertThat(
            after.valueOrFail(
                "synapse_e2ee_device_client_info{client=\"Element X iOS\",device=\"CALL\","
                    + "user=\"@dave:example.org\",version=\"26.04.1\"}"))
        .isEqualTo(1);
    assertThat(after.countSeries("synapse_e2ee_device_client_info{")).isEqualTo(2);
  }
}
