package dev.e2ee.compat.drive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.e2ee.compat.client.FakeKeys;
import dev.e2ee.compat.client.Http;
import dev.e2ee.compat.client.MatrixClient;
import dev.e2ee.compat.client.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * KE-1 from the client side: clean uploads (device keys, one-time keys, fallback key), the storm
 * (one key id re-uploaded with another value, in a loop, as matrix-rust-sdk does after its first
 * 400), and an upload Synapse's input validation rejects. Every answer goes into the truth.
 */
public final class KeyUploads {
  private static final String ALG = "signed_curve25519";

  /** Next key counter per device: ids never repeat unless the storm means them to. */
  private final Map<String, Long> counters = new HashMap<>();

  /** Device keys, {@code otks} fresh one-time keys and, if asked, a fresh fallback key. */
  public void publish(MatrixClient c, int otks, boolean fallback, boolean deviceKeys)
      throws IOException, InterruptedException {
    ObjectNode body = Http.JSON.createObjectNode();
    if (deviceKeys) {
      body.set("device_keys", deviceKeys(c));
    }
    ObjectNode keys = body.putObject("one_time_keys");
    for (int i = 0; i < otks; i++) {
      String id = ALG + ":" + nextId(c);
      keys.set(id, FakeKeys.signedKey(c.userId(), c.deviceId(), c.deviceId() + id, false));
    }
    if (fallback) {
      String id = ALG + ":" + nextId(c);
      body.putObject("fallback_keys")
          .set(id, FakeKeys.signedKey(c.userId(), c.deviceId(), c.deviceId() + id + "fb", true));
    }
    Reply reply = c.uploadKeys(body);
    if (!reply.ok()) {
      throw new IOException("clean upload of " + c.deviceId() + " answered " + reply);
    }
    c.record().uploadAccepted(otks, fallback, deviceKeys);
  }

  /**
   * Stores key id {@code keyId} with value A (accepted), the start of the divergence: the client's
   * store then forgets it and regenerates the same id with value B.
   */
  public void storeOriginal(MatrixClient c, String keyId) throws IOException, InterruptedException {
    ObjectNode body = Http.JSON.createObjectNode();
    body.set("device_keys", deviceKeys(c));
    body.putObject("one_time_keys")
        .set(ALG + ":" + keyId, FakeKeys.signedKey(c.userId(), c.deviceId(), "A" + keyId, false));
    Reply reply = c.uploadKeys(body);
    if (!reply.ok()) {
      throw new IOException("first upload of " + keyId + " answered " + reply);
    }
    c.record().uploadAccepted(1, false, true);
    c.truthSecret(FakeKeys.key("A" + keyId));
    c.truthSecret(FakeKeys.key("B" + keyId));
  }

  /**
   * The storm: {@code times} identical uploads naming {@code keyId} with value B (and one new id),
   * {@code pause} apart; each must be a 400 "already exists" and stores nothing.
   */
  public void storm(MatrixClient c, String keyId, int times, Duration pause)
      throws IOException, InterruptedException {
    ObjectNode body = Http.JSON.createObjectNode();
    ObjectNode keys = body.putObject("one_time_keys");
    keys.set(ALG + ":" + keyId, FakeKeys.signedKey(c.userId(), c.deviceId(), "B" + keyId, false));
    String fresh = keyId + "x";
    keys.set(ALG + ":" + fresh, FakeKeys.signedKey(c.userId(), c.deviceId(), "B" + fresh, false));
    for (int i = 0; i < times; i++) {
      Reply reply = c.uploadKeys(body);
      if (reply.status() != 400
          || !reply.body().path("error").asText().contains("already exists")) {
        throw new IOException("storm upload expected 400 already exists, got " + reply);
      }
      c.record().uploadConflicted(ALG + ":" + keyId, true);
      Thread.sleep(pause.toMillis());
    }
  }

  /** An upload whose one-time key is a number: pydantic rejects it (a multi-line error record). */
  public void invalid(MatrixClient c) throws IOException, InterruptedException {
    ObjectNode body = Http.JSON.createObjectNode();
    body.putObject("one_time_keys").put(ALG + ":AAAAZZ", 5);
    Reply reply = c.uploadKeys(body);
    if (reply.status() != 400) {
      throw new IOException("invalid upload expected 400, got " + reply);
    }
    c.record().uploadRejected();
  }

  /** A browser's CORS preflights before a key upload and a to-device send. */
  public void preflights(MatrixClient c, int each) throws IOException, InterruptedException {
    for (int i = 0; i < each; i++) {
      c.preflight("keys_upload", "POST", MatrixClient.keysUploadPath());
      c.preflight(
          "send_to_device",
          "PUT",
          MatrixClient.sendToDevicePath("io.element.call.encryption_keys"));
    }
  }

  private String nextId(MatrixClient c) {
    long n = counters.merge(c.userId() + c.deviceId(), 1L, Long::sum);
    return FakeKeys.keyId(n, true);
  }

  private static ObjectNode deviceKeys(MatrixClient c) {
    ObjectNode dk =
        Http.JSON.createObjectNode().put("user_id", c.userId()).put("device_id", c.deviceId());
    dk.putArray("algorithms").add("m.olm.v1.curve25519-aes-sha2").add("m.megolm.v1.aes-sha2");
    dk.putObject("keys")
        .put("curve25519:" + c.deviceId(), FakeKeys.key("curve" + c.userId() + c.deviceId()))
        .put("ed25519:" + c.deviceId(), FakeKeys.key("ed" + c.userId() + c.deviceId()));
    dk.putObject("signatures")
        .putObject(c.userId())
        .put("ed25519:" + c.deviceId(), FakeKeys.signature("dk" + c.userId() + c.deviceId()));
    return dk;
  }
}
