package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.diagnosis.DeviceDiagnosis;
import dev.e2ee.exporter.diagnosis.Findings;
import dev.e2ee.exporter.diagnosis.Verdict;
import dev.e2ee.exporter.domain.KeyValues;
import dev.e2ee.exporter.evidence.MissingAlgorithm;
import dev.e2ee.exporter.evidence.StaleTarget;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.Loopback;
import dev.e2ee.exporter.testing.OtkConflictBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two operator APIs on a real Vert.x listener: devices that need a person (or all of them with
 * {@code ?all=true}), and the findings behind them, with ids but never a key value.
 */
class FindingsApiTest {
  private static final long T = Instant.parse("2026-12-06T05:12:34Z").toEpochMilli();
  private static final AtomicReference<List<DeviceDiagnosis>> VERDICTS =
      new AtomicReference<>(List.of());
  private static final AtomicReference<Findings> FINDINGS = new AtomicReference<>(Findings.none());
  private static Vertx vertx;
  private static int port;

  @BeforeAll
  static void listen() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.get("/api/v1/devices").handler(FindingsApi.devices(VERDICTS::get));
    router.get("/api/v1/findings").handler(FindingsApi.findings(FINDINGS::get));
    port = Loopback.listen(vertx, router);
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static JsonObject get(String path) {
    return new JsonObject(Http.get(port, path).body());
  }

  @ParameterizedTest
  @EnumSource(Verdict.class)
  void aDeviceIsListedByDefaultOnlyWhenItNeedsAPerson(Verdict verdict) {
    VERDICTS.set(List.of(new DeviceDiagnosis("@bob:example.org", "PHONE", verdict, "3 keys", T)));
    JsonArray attention = get("/api/v1/devices").getJsonArray("devices");
    JsonArray all = get("/api/v1/devices?all=true").getJsonArray("devices");
    assertThat(attention.size()).isEqualTo(verdict.needsAttention() ? 1 : 0);
    assertThat(get("/api/v1/devices?all=yes").getJsonArray("devices")).isEqualTo(attention);
    JsonObject device = all.getJsonObject(0);
    assertThat(device.getMap())
        .containsEntry("user", "@bob:example.org")
        .containsEntry("device", "PHONE")
        .containsEntry("verdict", verdict.label())
        .containsEntry("question", verdict.question().label())
        .containsEntry("evidence", "3 keys")
        .containsEntry("since", "2026-12-06T05:12:34Z")
        .containsEntry("meaning", verdict.meaning())
        .containsEntry("capture_next", verdict.captureNext());
  }

  @Test
  void devicesKeepTheirOrder() {
    VERDICTS.set(
        Arrays.stream(new String[] {"C", "A", "B"})
            .map(d -> new DeviceDiagnosis("@u:hs", d, Verdict.BACKLOG, "", T))
            .toList());
    JsonArray devices = get("/api/v1/devices").getJsonArray("devices");
    assertThat(devices.stream().map(d -> ((JsonObject) d).getString("device")))
        .containsExactly("C", "A", "B");
  }

  @Test
  void findingsWithIdsAndWhetherValuesDifferButNoKeyValue() {
    FINDINGS.set(
        new Findings(
            List.of(
                OtkConflictBuilder.at(T)
                    .storedValue("sEcReTsToReDvAlUe")
                    .uploadedValue("uPlOaDeDvAlUe")
                    .build(),
                OtkConflictBuilder.at(T + 1000).keyValues(KeyValues.UNREADABLE).build()),
            List.of(
                new MissingAlgorithm("$ev1", "!room:hs", "@carol:hs", T, 7),
                new MissingAlgorithm("$ev2", "!room:hs", "@carol:hs", null, 8)),
            List.of(new StaleTarget("@dave:hs", "TABLET", 1234))));
    String body = Http.get(port, "/api/v1/findings").body();
    assertThat(body).doesNotContain("sEcReTsToReDvAlUe", "uPlOaDeDvAlUe");
    JsonObject json = new JsonObject(body);
    JsonObject conflict = json.getJsonArray("otk_conflicts").getJsonObject(0);
    assertThat(conflict.getMap())
        .containsEntry("time", "2026-12-06T05:12:34Z")
        .containsEntry("user", "@alice:example.org")
        .containsEntry("device", "STORM")
        .containsEntry("algorithm", "signed_curve25519")
        .containsEntry("key_id", "KEYID")
        .containsEntry("values_differ", true)
        .containsEntry("request", "POST-1");
    JsonObject unreadable = json.getJsonArray("otk_conflicts").getJsonObject(1);
    assertThat(unreadable.containsKey("values_differ")).isTrue();
    assertThat(unreadable.getValue("values_differ")).isNull();
    JsonArray events = json.getJsonArray("encrypted_events_without_algorithm");
    assertThat(events.getJsonObject(0).getMap())
        .containsEntry("event_id", "$ev1")
        .containsEntry("room_id", "!room:hs")
        .containsEntry("sender", "@carol:hs")
        .containsEntry("origin_server_ts", "2026-12-06T05:12:34Z")
        .containsEntry("verdict", "server_data");
    assertThat(events.getJsonObject(1).getValue("origin_server_ts")).isNull();
    assertThat(json.getJsonArray("stale_to_device_targets").getJsonObject(0).getMap())
        .containsEntry("user", "@dave:hs")
        .containsEntry("device", "TABLET")
        .containsEntry("pending", 1234);
  }

  @Test
  void noFindingsAreThreeEmptyLists() {
    FINDINGS.set(Findings.none());
    JsonObject json = get("/api/v1/findings");
    assertThat(json.fieldNames())
        .containsExactlyInAnyOrder(
            "otk_conflicts", "encrypted_events_without_algorithm", "stale_to_device_targets");
    json.fieldNames().forEach(name -> assertThat(json.getJsonArray(name)).isEmpty());
  }
}
