package dev.e2ee.compat.drive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.e2ee.compat.client.Http;
import dev.e2ee.compat.client.MatrixClient;
import dev.e2ee.compat.client.Reply;
import dev.e2ee.compat.synapse.Homeserver;
import dev.e2ee.compat.truth.Truth;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * KE-4 from the client side, as Element Call keeps its MatrixRTC membership: a delayed leave event
 * (MSC4140) restarted every few seconds, cancelled on hang-up, sent; one left pending; and a
 * homeserver stall (SIGSTOP) during which the client's restarts time out and are abandoned.
 */
public final class DelayedEvents {
  private static final String MEMBER = "org.matrix.msc3401.call.member";
  private static final Duration PATIENT = Duration.ofSeconds(60);

  private final MatrixClient client;
  private final Truth truth;
  private final String room;

  public DelayedEvents(MatrixClient client, Truth truth) throws IOException, InterruptedException {
    this.client = client;
    this.truth = truth;
    this.room = client.createRoom();
  }

  /** Schedules, restarts (both request forms), cancels, sends; leaves one pending. */
  public void lifecycle(int restarts, Duration pause) throws IOException, InterruptedException {
    String call = schedule("call", 30_000);
    for (int i = 0; i < restarts; i++) {
      expectOk(client.updateDelayed(call, "restart", i % 3 != 2, PATIENT));
      Thread.sleep(pause.toMillis());
    }
    expectOk(client.updateDelayed(call, "cancel", false, PATIENT));
    truth.delayedPending(client.userId(), -1);

    String sent = schedule("sent", 60_000);
    expectOk(client.updateDelayed(sent, "send", true, PATIENT));
    truth.delayedPending(client.userId(), -1);

    schedule("pending", 3_600_000);
  }

  /**
   * Freezes Synapse for {@code stall}, meanwhile {@code abandoned} restarts that the client gives
   * up on after {@code clientTimeout} each; after the thaw one restart that gets its answer, then
   * the cancel.
   */
  public void stall(Homeserver hs, Duration stall, int abandoned, Duration clientTimeout)
      throws IOException, InterruptedException {
    String call = schedule("stalled", 120_000);
    Instant frozen = Instant.now();
    hs.freeze();
    truth.mark("stall: SIGSTOP", frozen);
    try {
      for (int i = 0; i < abandoned; i++) {
        if (client.updateDelayed(call, "restart", true, clientTimeout) != null) {
          throw new IOException("a restart was answered while Synapse was stopped");
        }
      }
      Duration left = stall.minus(Duration.between(frozen, Instant.now()));
      if (!left.isNegative()) {
        Thread.sleep(left.toMillis());
      }
    } finally {
      hs.thaw();
      truth.mark("stall: SIGCONT", Instant.now());
    }
    expectOk(client.updateDelayed(call, "restart", true, PATIENT));
    expectOk(client.updateDelayed(call, "cancel", true, PATIENT));
    truth.delayedPending(client.userId(), -1);
  }

  private String schedule(String tag, long delayMs) throws IOException, InterruptedException {
    ObjectNode content = Http.JSON.createObjectNode();
    content.put("application", "m.call").put("call_id", "").put("scope", "m.room");
    content.put("device_id", client.deviceId()).put("compat", tag);
    String stateKey = "_" + client.userId() + "_" + client.deviceId() + "_" + tag;
    String id = client.scheduleDelayedState(room, MEMBER, stateKey, content, delayMs);
    truth.delayedPending(client.userId(), 1);
    return id;
  }

  private static void expectOk(@Nullable Reply reply) throws IOException {
    if (reply == null || !reply.ok()) {
      throw new IOException("delayed-event update answered " + reply);
    }
  }
}
