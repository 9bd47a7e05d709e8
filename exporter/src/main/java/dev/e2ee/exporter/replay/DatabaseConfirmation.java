package dev.e2ee.exporter.replay;

import dev.e2ee.exporter.config.ConfigException;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.db.OtkConflictConfirmer;
import dev.e2ee.exporter.db.PollContext;
import dev.e2ee.exporter.db.QueryMetrics;
import dev.e2ee.exporter.db.ReadOnlyPool;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.evidence.ConflictConfirmation;
import dev.e2ee.exporter.evidence.ConflictState;
import dev.e2ee.exporter.metrics.IdentityLabels;
import dev.e2ee.exporter.support.ErrorText;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code replay --confirm}: Q1's database half for each stormed device's last rejected key id, with
 * the same read-only query {@code serve} runs. The database is as it is now, not as it was during
 * the incident, and the report says so.
 */
public final class DatabaseConfirmation {
  /** The devices looked up, at most. */
  static final int MAX_LOOKUPS = 1000;

  private DatabaseConfirmation() {}

  /** What the database said, and the sentence the report gives about it. */
  public record Result(Map<DeviceRef, ConflictConfirmation> confirmations, String note) {}

  public static Result notAsked() {
    return new Result(
        Map.of(),
        "Not asked: verdicts come from the log alone (add --confirm and a config with a database"
            + " section to check Q1 against the database as it is now).");
  }

  public static Result confirm(ExporterConfig config, ReplayRun run) {
    if (!config.database().enabled()) {
      return new Result(
          Map.of(), "Not asked: --confirm was given but database.enabled is false in the config.");
    }
    List<OtkConflict> last = new ArrayList<>();
    for (IncidentRecorder.DeviceIncident d : run.recorder().devices.values()) {
      ConflictState state = d.state;
      if (state != null) {
        last.add(state.last());
      }
    }
    if (last.isEmpty()) {
      return new Result(Map.of(), "Not asked: no rejected key upload to confirm.");
    }
    try {
      return ask(config, last);
    } catch (ConfigException e) {
      return new Result(Map.of(), "Not asked: " + e.getMessage());
    } catch (Exception e) {
      return new Result(
          Map.of(), "Could not be asked (verdicts from the log alone): " + ErrorText.describe(e));
    }
  }

  private static Result ask(ExporterConfig config, List<OtkConflict> last) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = ReadOnlyPool.create(vertx, config.database(), System.getenv());
      try {
        OtkConflictConfirmer confirmer =
            new OtkConflictConfirmer(new IdentityLabels(config.labels()), () -> last, MAX_LOOKUPS);
        long now = System.currentTimeMillis();
        confirmer
            .poll(
                pool,
                new QueryMetrics(new PrometheusRegistry()),
                new PollContext(List.of(), now, false))
            .await(config.database().statementTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
        Map<DeviceRef, ConflictConfirmation> found = confirmer.confirmations();
        return new Result(
            found,
            "Checked read-only against database "
                + config.database().name()
                + " at "
                + Instant.ofEpochMilli(now)
                + ": the database as it is now, not as it was during the incident ("
                + found.size()
                + " devices' last rejected key ids looked up).");
      } finally {
        pool.close().await(5, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(5, TimeUnit.SECONDS);
    }
  }
}
