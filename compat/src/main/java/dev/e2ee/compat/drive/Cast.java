package dev.e2ee.compat.drive;

import dev.e2ee.compat.client.Agents;
import dev.e2ee.compat.client.Http;
import dev.e2ee.compat.client.MatrixClient;
import dev.e2ee.compat.synapse.Homeserver;
import dev.e2ee.compat.truth.Truth;
import java.io.IOException;

/**
 * The users and devices of the run, each with the role it plays. Registered with Debian's
 * registration tool, logged in with a password as a fresh client install does.
 */
public final class Cast {
  /** Element Desktop whose crypto store diverged: re-uploads one key id with another value. */
  public final MatrixClient storm;

  /** Element X Android and a bare matrix-rust-sdk: clean uploads, keys claimed by others. */
  public final MatrixClient aliceX;

  public final MatrixClient aliceRust;

  /** A phone whose one-time keys and fallback key get claimed empty. */
  public final MatrixClient bobPhone;

  /** Logged in and never made another request (devices.last_seen stays NULL). */
  public final MatrixClient carolNever;

  /** Synced for a while, then stopped. */
  public final MatrixClient carolQuiet;

  /** Syncs and drains its to-device messages. */
  public final MatrixClient daveSync;

  /** Sends Element Call keys and encrypted events, claims keys. */
  public final MatrixClient erin;

  /** Keeps an Element Call membership alive with MSC4140 delayed events. */
  public final MatrixClient frank;

  /** A bot login that never uploads device keys (no E2EE). */
  public final MatrixClient bot;

  private Cast(Http http, Truth truth) throws IOException, InterruptedException {
    storm = login(http, truth, "storm", "STORMDESKTOP", Agents.ELEMENT_DESKTOP);
    aliceX = login(http, truth, "alice", "ALICEXANDROID", Agents.ELEMENT_X_ANDROID);
    aliceRust = login(http, truth, "alice", "ALICERUSTSDK", Agents.RUST_SDK);
    bobPhone = login(http, truth, "bob", "BOBPHONE", Agents.ELEMENT_X_ANDROID);
    carolNever = login(http, truth, "carol", "CAROLNEVER", Agents.ELEMENT_WEB);
    carolQuiet = login(http, truth, "carol", "CAROLQUIET", Agents.ELEMENT_WEB);
    daveSync = login(http, truth, "dave", "DAVESYNC", Agents.ELEMENT_WEB);
    erin = login(http, truth, "erin", "ERINCALL", Agents.ELEMENT_WEB);
    frank = login(http, truth, "frank", "FRANKCALL", Agents.ELEMENT_WEB);
    bot = login(http, truth, "bot", "BOTNOKEYS", Agents.RUST_SDK);
  }

  static final String[] USERS = {"storm", "alice", "bob", "carol", "dave", "erin", "frank", "bot"};

  /** Registers every user (Synapse must be up) and logs every device in. */
  public static Cast assemble(Homeserver hs, Http http, Truth truth)
      throws IOException, InterruptedException {
    for (String user : USERS) {
      hs.register(user, password(user));
    }
    return new Cast(http, truth);
  }

  private static MatrixClient login(
      Http http, Truth truth, String user, String device, Agents agent)
      throws IOException, InterruptedException {
    return MatrixClient.login(http, truth, user, password(user), device, agent);
  }

  /** Throwaway passwords of a throwaway homeserver on loopback. */
  private static String password(String user) {
    return "compat-" + user + "-password";
  }
}
