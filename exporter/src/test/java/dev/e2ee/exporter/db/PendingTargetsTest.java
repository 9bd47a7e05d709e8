package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.testing.DatabaseClient;
import dev.e2ee.exporter.testing.NeedsPostgres;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The devices to-device messages wait for, read whole and from a page sample. */
@NeedsPostgres
class PendingTargetsTest {
  static final String A = "@alice:example.org";
  DatabaseClient client;
  final QueryMetrics metrics = new QueryMetrics(new PrometheusRegistry());

  @BeforeEach
  void setUp() throws Exception {
    client = DatabaseClient.onNewDatabase();
    client
        .db
        .rows()
        .device(A, "NEVERSYNCED", null, false)
        .device(A, "QUIET", 1L, false)
        .device(A, "ALSOQUIET", 1L, false)
        .device(A, "CROSSSIGNING", null, true);
    long stream = 1;
    stream = messages("NEVERSYNCED", 5, stream);
    stream = messages("QUIET", 2, stream);
    stream = messages("ALSOQUIET", 1, stream);
    stream = messages("CROSSSIGNING", 9, stream); // hidden: no target
    messages("REMOVED", 7, stream); // not in devices: a stale target, not watched
  }

  long messages(String device, int n, long firstStream) throws Exception {
    for (int i = 0; i < n; i++) {
      client.db.rows().inboxMessage(A, device, firstStream + i, A, "m.room.encrypted");
    }
    return firstStream + n;
  }

  @AfterEach
  void tearDown() throws Exception {
    client.close();
  }

  @Test
  void readWholeTheExistingTargetsComeMostWaitingFirstCappedAndAllCounted() throws Exception {
    PendingTargets targets = new PendingTargets(1_000_000);
    assertThat(targets.collect().size()).as("nothing read yet: no figure, not 0").isZero();
    PendingTargets.Found found =
        targets.refresh(client.pool, metrics, 2).await(20, TimeUnit.SECONDS);
    assertThat(found.mostPendingFirst())
        .containsExactly(new DeviceRef(A, "NEVERSYNCED"), new DeviceRef(A, "QUIET"));
    assertThat(found.targets()).isEqualTo(3);
    assertThat(found.exact()).isTrue();
    assertThat(targets.collect().size()).isEqualTo(2);
  }

  @Test
  void theSampledQueryAnswersTheSameOverAWholeSample() throws Exception {
    // Which pages a sample picks is chance; at 100 % it must give the exact answer.
    RowSet<Row> rows =
        client
            .pool
            .preparedQuery(PendingTargets.SAMPLED)
            .execute(Params.of(2, 100f))
            .await(20, TimeUnit.SECONDS);
    List<String> devices = new ArrayList<>();
    rows.forEach(r -> devices.add(r.getString("device_id") + "/" + r.getLong("targets")));
    assertThat(devices).containsExactly("NEVERSYNCED/3", "QUIET/3");
  }
}
