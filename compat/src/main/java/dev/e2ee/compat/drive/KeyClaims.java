package dev.e2ee.compat.drive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.e2ee.compat.client.Http;
import dev.e2ee.compat.client.MatrixClient;
import dev.e2ee.compat.client.Reply;
import dev.e2ee.compat.truth.DeviceTruth;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /keys/claim} as a client does before it opens Olm sessions: one request for several
 * devices of several users, and single-device claims. What Synapse hands out (a one-time key, or
 * the fallback key once they ran out) is read from its answer and recorded per claimed device.
 */
public final class KeyClaims {
  private final Map<String, DeviceTruth> byKey = new HashMap<>();

  /** One request claiming one signed_curve25519 key from each of {@code targets}. */
  public int claim(MatrixClient claimer, List<MatrixClient> targets)
      throws IOException, InterruptedException {
    ObjectNode query = Http.JSON.createObjectNode();
    for (MatrixClient t : targets) {
      byKey.put(t.userId() + "|" + t.deviceId(), t.record());
      ObjectNode perUser = query.has(t.userId()) ? (ObjectNode) query.get(t.userId()) : null;
      if (perUser == null) {
        perUser = query.putObject(t.userId());
      }
      perUser.put(t.deviceId(), "signed_curve25519");
    }
    Reply reply = claimer.claimKeys(query);
    if (!reply.ok()) {
      throw new IOException("claim answered " + reply);
    }
    return record(reply.body().path("one_time_keys"), byKey);
  }

  /**
   * Records what {@code answer} (the {@code one_time_keys} of a claim's response) handed out of
   * each device: a key with {@code "fallback": true} is the device's fallback key.
   */
  static int record(JsonNode answer, Map<String, DeviceTruth> byKey) throws IOException {
    int handedOut = 0;
    for (Map.Entry<String, JsonNode> user : answer.properties()) {
      for (Map.Entry<String, JsonNode> device : user.getValue().properties()) {
        DeviceTruth target = byKey.get(user.getKey() + "|" + device.getKey());
        if (target == null) {
          throw new IOException("claim answered for a device not asked: " + device.getKey());
        }
        for (JsonNode key : device.getValue()) {
          target.keyClaimed(key.path("fallback").asBoolean(false));
          handedOut++;
        }
      }
    }
    return handedOut;
  }
}
