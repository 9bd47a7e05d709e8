package dev.e2ee.compat.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.e2ee.compat.truth.DeviceTruth;
import dev.e2ee.compat.truth.Truth;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One logged-in device talking to Synapse's client-server API the way Matrix clients do (paths and
 * bodies from the spec and MSC4140), recording every request it finishes in the truth under the
 * exporter's endpoint vocabulary.
 */
public final class MatrixClient {
  private static final String V3 = "/_matrix/client/v3/";
  private static final String MSC4140 = "/_matrix/client/unstable/org.matrix.msc4140/";
  private static final Duration PATIENT = Duration.ofSeconds(60);
  private static final AtomicLong TXN = new AtomicLong();

  private final Http http;
  private final Truth truth;
  private final Agents agent;
  private final String userId;
  private final String deviceId;
  private final String token;
  private final DeviceTruth record;
  private @Nullable String since;

  private MatrixClient(
      Http http, Truth truth, Agents agent, String userId, String deviceId, String token) {
    this.http = http;
    this.truth = truth;
    this.agent = agent;
    this.userId = userId;
    this.deviceId = deviceId;
    this.token = token;
    truth.secret(token);
    this.record = truth.device(userId, deviceId, agent.header(), agent.family(), agent.version());
  }

  /** {@code POST /login} with a password and a chosen device id, as a fresh client install. */
  public static MatrixClient login(
      Http http, Truth truth, String localpart, String password, String deviceId, Agents agent)
      throws IOException, InterruptedException {
    ObjectNode body = Http.JSON.createObjectNode().put("type", "m.login.password");
    body.putObject("identifier").put("type", "m.id.user").put("user", localpart);
    body.put("password", password)
        .put("device_id", deviceId)
        .put("initial_device_display_name", agent.family());
    Reply reply = http.send("POST", V3 + "login", body, null, agent.header(), PATIENT);
    truth.request("other", reply.code());
    if (!reply.ok()) {
      throw new IOException("login of " + localpart + " answered " + reply);
    }
    return new MatrixClient(
        http,
        truth,
        agent,
        reply.body().path("user_id").asText(),
        reply.body().path("device_id").asText(),
        reply.body().path("access_token").asText());
  }

  public String userId() {
    return userId;
  }

  public String deviceId() {
    return deviceId;
  }

  public DeviceTruth record() {
    return record;
  }

  /** Key material this device uploaded that must never leave the exporter (capture, labels). */
  public void truthSecret(String value) {
    truth.secret(value);
  }

  public Agents agent() {
    return agent;
  }

  /** {@code POST /keys/upload} with any body; recorded as keys_upload with its status. */
  public Reply uploadKeys(ObjectNode body) throws IOException, InterruptedException {
    return call("POST", V3 + "keys/upload", body, "keys_upload", PATIENT);
  }

  /** {@code POST /keys/claim} for {@code user -> device -> algorithm}. */
  public Reply claimKeys(ObjectNode oneTimeKeys) throws IOException, InterruptedException {
    ObjectNode body = Http.JSON.createObjectNode();
    body.set("one_time_keys", oneTimeKeys);
    return call("POST", V3 + "keys/claim", body, "keys_claim", PATIENT);
  }

  /** {@code PUT /sendToDevice/{type}/{txn}} with {@code user -> device -> content}. */
  public Reply sendToDevice(String eventType, ObjectNode messages)
      throws IOException, InterruptedException {
    ObjectNode body = Http.JSON.createObjectNode();
    body.set("messages", messages);
    String path = V3 + "sendToDevice/" + enc(eventType) + "/" + txn();
    Reply reply = call("PUT", path, body, "send_to_device", PATIENT);
    truth.toDevice(eventType, reply.code());
    return reply;
  }

  /**
   * {@code GET /sync}: the first without {@code since}, then incremental. Passing the previous
   * {@code next_batch} is what acknowledges (and deletes) the to-device messages it delivered.
   *
   * @return how many to-device events this response delivered
   */
  public int sync() throws IOException, InterruptedException {
    String path = V3 + "sync?timeout=0" + (since == null ? "" : "&since=" + enc(since));
    Reply reply = call("GET", path, null, "sync", PATIENT);
    if (!reply.ok()) {
      throw new IOException("sync of " + deviceId + " answered " + reply);
    }
    since = reply.body().path("next_batch").asText();
    return reply.body().path("to_device").path("events").size();
  }

  public String createRoom() throws IOException, InterruptedException {
    ObjectNode body = Http.JSON.createObjectNode().put("preset", "private_chat");
    Reply reply = call("POST", V3 + "createRoom", body, "other", PATIENT);
    return require(reply, "room_id");
  }

  /** {@code PUT /rooms/{room}/send/{type}/{txn}}; the event id. */
  public String sendEvent(String roomId, String type, ObjectNode content)
      throws IOException, InterruptedException {
    String path = V3 + "rooms/" + enc(roomId) + "/send/" + enc(type) + "/" + txn();
    return require(call("PUT", path, content, "other", PATIENT), "event_id");
  }

  public String redact(String roomId, String eventId) throws IOException, InterruptedException {
    String path = V3 + "rooms/" + enc(roomId) + "/redact/" + enc(eventId) + "/" + txn();
    ObjectNode body = Http.JSON.createObjectNode().put("reason", "compat suite");
    return require(call("PUT", path, body, "other", PATIENT), "event_id");
  }

  /**
   * Schedules a delayed state event (MSC4140: {@code ?org.matrix.msc4140.delay=ms}), as Element
   * Call does for its membership; the delay id.
   */
  public String scheduleDelayedState(
      String roomId, String type, String stateKey, ObjectNode content, long delayMs)
      throws IOException, InterruptedException {
    String path =
        V3
            + "rooms/"
            + enc(roomId)
            + "/state/"
            + enc(type)
            + "/"
            + enc(stateKey)
            + "?org.matrix.msc4140.delay="
            + delayMs;
    Reply reply = call("PUT", path, content, "delayed_events", PATIENT);
    truth.delayed("schedule", reply.code());
    return require(reply, "delay_id");
  }

  /**
   * Restarts, cancels or sends a delayed event. {@code bodyForm}: js-sdk's {@code
   * update_delayed_event} ({@code POST .../delayed_events/{id}} with the action in the body, which
   * the exporter calls "update"); otherwise the path form {@code .../{id}/{action}}.
   *
   * @param timeout how long this client waits before it gives up on the request
   * @return the reply, or null when the client gave up (recorded as abandoned)
   */
  public @Nullable Reply updateDelayed(
      String delayId, String action, boolean bodyForm, Duration timeout)
      throws IOException, InterruptedException {
    String path = MSC4140 + "delayed_events/" + enc(delayId) + (bodyForm ? "" : "/" + action);
    ObjectNode body = Http.JSON.createObjectNode();
    if (bodyForm) {
      body.put("action", action);
    }
    String label = bodyForm ? "update" : action;
    try {
      Reply reply = call("POST", path, body, "update_delayed_event", timeout);
      truth.delayed(label, reply.code());
      return reply;
    } catch (HttpTimeoutException gaveUp) {
      truth.request("update_delayed_event", Truth.ABANDONED);
      truth.delayed(label, Truth.ABANDONED);
      return null;
    }
  }

  /** A browser's CORS preflight before {@code method path}: not an upload nor a send. */
  public void preflight(String endpoint, String method, String path)
      throws IOException, InterruptedException {
    http.preflight(path, method, agent.header());
    truth.preflight(endpoint);
  }

  public static String keysUploadPath() {
    return V3 + "keys/upload";
  }

  public static String sendToDevicePath(String type) {
    return V3 + "sendToDevice/" + enc(type) + "/preflight" + TXN.incrementAndGet();
  }

  private Reply call(
      String method, String path, @Nullable JsonNode body, String endpoint, Duration timeout)
      throws IOException, InterruptedException {
    Reply reply = http.send(method, path, body, token, agent.header(), timeout);
    truth.request(endpoint, reply.code());
    return reply;
  }

  private static String require(Reply reply, String field) throws IOException {
    String value = reply.body().path(field).asText("");
    if (!reply.ok() || value.isEmpty()) {
      throw new IOException("expected " + field + " in " + reply);
    }
    return value;
  }

  private static String txn() {
    return "compat" + TXN.incrementAndGet();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
