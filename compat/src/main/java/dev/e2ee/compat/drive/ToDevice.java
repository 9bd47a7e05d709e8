package dev.e2ee.compat.drive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.e2ee.compat.client.FakeKeys;
import dev.e2ee.compat.client.Http;
import dev.e2ee.compat.client.MatrixClient;
import dev.e2ee.compat.client.Reply;
import java.io.IOException;
import java.util.List;

/**
 * KE-2 from the client side: Element Call's media keys ({@code io.element.call.encryption_keys})
 * and Olm-wrapped messages ({@code m.room.encrypted}) sent to several devices in one request each;
 * receivers that sync (and by the next sync acknowledge) or do not.
 */
public final class ToDevice {
  public static final String CALL_KEYS = "io.element.call.encryption_keys";
  public static final String ENCRYPTED = "m.room.encrypted";

  private int round;

  /** One round: one call-keys request and one encrypted request, each to every target. */
  public void round(MatrixClient sender, List<MatrixClient> targets)
      throws IOException, InterruptedException {
    round++;
    send(sender, CALL_KEYS, targets, callKeys(sender));
    send(sender, ENCRYPTED, targets, olm(sender));
  }

  /**
   * A sync that takes what waits and a second one that acknowledges it (only the next sync's {@code
   * since} lets Synapse delete delivered rows).
   */
  public void drain(MatrixClient device) throws IOException, InterruptedException {
    device.sync();
    device.sync();
    device.record().toDeviceDrained();
  }

  private void send(
      MatrixClient sender, String type, List<MatrixClient> targets, ObjectNode content)
      throws IOException, InterruptedException {
    ObjectNode messages = Http.JSON.createObjectNode();
    for (MatrixClient t : targets) {
      ObjectNode perUser = messages.has(t.userId()) ? (ObjectNode) messages.get(t.userId()) : null;
      if (perUser == null) {
        perUser = messages.putObject(t.userId());
      }
      perUser.set(t.deviceId(), content);
    }
    Reply reply = sender.sendToDevice(type, messages);
    if (!reply.ok()) {
      throw new IOException(type + " answered " + reply);
    }
    targets.forEach(t -> t.record().toDeviceQueued(1));
  }

  private ObjectNode callKeys(MatrixClient sender) {
    ObjectNode content = Http.JSON.createObjectNode();
    content.putObject("keys").put("index", 0).put("key", FakeKeys.key("call" + round));
    content.put("room_id", "!call:compat").put("call_id", "").put("device_id", sender.deviceId());
    content.putObject("member").put("claimed_device_id", sender.deviceId());
    return content;
  }

  private ObjectNode olm(MatrixClient sender) {
    ObjectNode content =
        Http.JSON
            .createObjectNode()
            .put("algorithm", "m.olm.v1.curve25519-aes-sha2")
            .put("sender_key", FakeKeys.key("curve" + sender.deviceId()));
    content
        .putObject("ciphertext")
        .putObject("x")
        .put("type", 0)
        .put("body", FakeKeys.signature("olm" + round));
    return content;
  }
}
