package dev.e2ee.exporter.http;

import dev.e2ee.exporter.diagnosis.DeviceDiagnosis;
import dev.e2ee.exporter.diagnosis.Findings;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /api/v1/devices} (verdicts with evidence) and {@code /api/v1/findings} (the KE-1
 * conflicts, KE-3 events and stale targets behind them). Ids appear here - this is the operator's
 * view - but never key values: conflicts carry only whether the values differ.
 */
final class FindingsApi {
  private FindingsApi() {}

  /** {@code /api/v1/devices}: the verdicts that need attention, or all with {@code ?all=true}. */
  static Handler<RoutingContext> devices(Supplier<List<DeviceDiagnosis>> verdicts) {
    return ctx -> {
      boolean all = "true".equals(ctx.request().getParam("all"));
      JsonArray devices = new JsonArray();
      for (DeviceDiagnosis d : verdicts.get()) {
        if (all || d.verdict().needsAttention()) {
          devices.add(
              VerdictJson.of(d.userId(), d.deviceId(), d.verdict(), d.evidence())
                  .put("since", Instant.ofEpochMilli(d.sinceMillis()).toString())
                  .put("meaning", d.verdict().meaning())
                  .put("capture_next", d.verdict().captureNext()));
        }
      }
      ctx.response()
          .putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("devices", devices).encodePrettily());
    };
  }

  /** {@code /api/v1/findings}: the KE-1 conflicts, KE-3 events and stale targets. */
  static Handler<RoutingContext> findings(Supplier<Findings> findings) {
    return ctx -> {
      Findings f = findings.get();
      JsonArray conflicts = new JsonArray();
      f.otkConflicts()
          .forEach(
              c ->
                  conflicts.add(
                      new JsonObject()
                          .put("time", Instant.ofEpochMilli(c.timestampMillis()).toString())
                          .put("user", c.userId())
                          .put("device", c.deviceId())
                          .put("algorithm", c.algorithm())
                          .put("key_id", c.keyId())
                          .put("values_differ", c.keyValues().asJson())
                          .put("request", c.request())
                          .put("source", c.source())));
      JsonArray events = new JsonArray();
      f.encryptedEventsWithoutAlgorithm()
          .forEach(
              e ->
                  events.add(
                      new JsonObject()
                          .put("event_id", e.eventId())
                          .put("room_id", e.roomId())
                          .put("sender", e.sender())
                          .put(
                              "origin_server_ts",
                              e.originServerTs() == null
                                  ? null
                                  : Instant.ofEpochMilli(e.originServerTs()).toString())
                          .put("verdict", "server_data")));
      JsonArray stale = new JsonArray();
      f.staleTargets()
          .forEach(
              t ->
                  stale.add(
                      new JsonObject()
                          .put("user", t.userId())
                          .put("device", t.deviceId())
                          .put("pending", t.pending())));
      ctx.response()
          .putHeader("Content-Type", "application/json")
          .end(
              new JsonObject()
                  .put("otk_conflicts", conflicts)
                  .put("encrypted_events_without_algorithm", events)
                  .put("stale_to_device_targets", stale)
                  .encodePrettily());
    };
  }
}
