package dev.e2ee.compat.drive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.e2ee.compat.client.FakeKeys;
import dev.e2ee.compat.client.Http;
import dev.e2ee.compat.client.MatrixClient;
import dev.e2ee.compat.truth.Truth;
import java.io.IOException;

/**
 * KE-3: {@code m.room.encrypted} room events as stored by Synapse: one without {@code algorithm}
 * (the malformed one), a normal Megolm one, and a normal one that is then redacted (its content is
 * stripped, so it has no algorithm either, legitimately).
 */
public final class EncryptedEvents {
  public static final String WITHOUT_ALGORITHM = "without_algorithm";
  public static final String REDACTED = "redacted";
  public static final String NORMAL = "normal";

  public void send(MatrixClient sender, Truth truth) throws IOException, InterruptedException {
    String room = sender.createRoom();
    ObjectNode malformed = megolm(sender, "malformed");
    malformed.remove("algorithm");
    truth.encryptedEvent(WITHOUT_ALGORITHM, sender.sendEvent(room, "m.room.encrypted", malformed));
    truth.encryptedEvent(NORMAL, sender.sendEvent(room, "m.room.encrypted", megolm(sender, "ok")));
    String doomed = sender.sendEvent(room, "m.room.encrypted", megolm(sender, "doomed"));
    sender.redact(room, doomed);
    truth.encryptedEvent(REDACTED, doomed);
  }

  private static ObjectNode megolm(MatrixClient sender, String seed) {
    return Http.JSON
        .createObjectNode()
        .put("algorithm", "m.megolm.v1.aes-sha2")
        .put("ciphertext", FakeKeys.signature(seed) + FakeKeys.signature(seed + "2"))
        .put("device_id", sender.deviceId())
        .put("sender_key", FakeKeys.key("curve" + sender.deviceId()))
        .put("session_id", FakeKeys.key("session" + seed));
  }
}
