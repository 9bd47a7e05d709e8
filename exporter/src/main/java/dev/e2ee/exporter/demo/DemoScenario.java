package dev.e2ee.exporter.demo;

import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The cast of the demo: who has which problem. The log writer and the database seed both
 * read these names so that log findings and database rows describe the same devices.
 */
public final class DemoScenario {
  public static final String SERVER_NAME = "demo.local";
  public static final String ALICE = "@alice:" + SERVER_NAME;
  public static final String BOB = "@bob:" + SERVER_NAME;
  public static final String CAROL = "@carol:" + SERVER_NAME;
  public static final String DAVE = "@dave:" + SERVER_NAME;

  /** KE-1: Alice's browser lost its crypto store; its re-uploads collide with stored keys. */
  public static final String STORM_DEVICE = "STORMDEVICE";
  public static final String STORM_KEY_ID = "AAAAAAAAAFA";
  /** Alice's healthy phone. */
  public static final String ALICE_PHONE = "ALICEPHONE";
  /** OTK exhaustion: no one-time keys left and the fallback key handed out. */
  public static final String BOB_LAPTOP = "BOBLAPTOP";
  /** KE-2: a device that stopped syncing while Element Call keeps sending it media keys. */
  public static final String CAROL_WEB = "CAROLWEB";
  /** KE-2: a device id that no longer exists but still receives to-device messages. */
  public static final String CAROL_GONE = "CAROLOLDTAB";
  /** KE-4: the Element Call member whose delayed-event restarts are slow. */
  public static final String DAVE_CALL = "DAVECALL";
  public static final String ROOM = "!callroom:" + SERVER_NAME;
  /** KE-3: the event stored without content.algorithm. */
  public static final String MALFORMED_EVENT = "$malformedNoAlgorithm0001";

  private DemoScenario() {}

  /** Seeds the Synapse-shaped database with the scenario's devices, keys, inbox and events. */
  public static void seed(DataSource dataSource, long nowMs) throws SQLException {
    SynapseRows rows = new SynapseRows(dataSource);
    long minute = 60_000L;
    rows.device(ALICE, STORM_DEVICE, nowMs - minute, false).deviceKeys(ALICE, STORM_DEVICE, nowMs - 30 * minute)
        .device(ALICE, ALICE_PHONE, nowMs - 2 * minute, false).deviceKeys(ALICE, ALICE_PHONE, nowMs - 90 * minute)
        .device(BOB, BOB_LAPTOP, nowMs - 5 * minute, false).deviceKeys(BOB, BOB_LAPTOP, nowMs - 600 * minute)
        .device(CAROL, CAROL_WEB, nowMs - 45 * minute, false).deviceKeys(CAROL, CAROL_WEB, nowMs - 900 * minute)
        .device(DAVE, DAVE_CALL, nowMs - minute, false).deviceKeys(DAVE, DAVE_CALL, nowMs - 60 * minute)
        // A cross-signing pseudo-device: hidden, never a device of its own.
        .device(ALICE, "MASTERKEYPSEUDO", null, true);

    // KE-1 divergence: the key id the storm keeps re-uploading is stored with another value.
    rows.oneTimeKeys(ALICE, STORM_DEVICE, "AAAAAAAA", 49, nowMs - 30 * minute)
        .oneTimeKey(ALICE, STORM_DEVICE, "signed_curve25519", STORM_KEY_ID,
            SynapseRows.keyJson(ALICE, STORM_DEVICE, STORM_KEY_ID, "server-side"), nowMs - 30 * minute)
        .fallbackKey(ALICE, STORM_DEVICE, "AAAAAAAAAFB", false);
    rows.oneTimeKeys(ALICE, ALICE_PHONE, "AAAAAAAB", 50, nowMs - 90 * minute)
        .fallbackKey(ALICE, ALICE_PHONE, "AAAAAAABZZZ", false);
    // Exhaustion: no OTKs, fallback used.
    rows.fallbackKey(BOB, BOB_LAPTOP, "AAAAAAACZZZ", true);
    rows.oneTimeKeys(CAROL, CAROL_WEB, "AAAAAAAC", 12, nowMs - 900 * minute);
    rows.oneTimeKeys(DAVE, DAVE_CALL, "AAAAAAAD", 50, nowMs - 60 * minute);

    // KE-2: media keys queued for a device that does not sync, and for one that is gone.
    long stream = 1000;
    for (int i = 0; i < 40; i++) {
      rows.inboxMessage(CAROL, CAROL_WEB, stream++, DAVE, "m.room.encrypted");
    }
    for (int i = 0; i < 5; i++) {
      rows.inboxMessage(CAROL, CAROL_WEB, stream++, DAVE, "io.element.call.encryption_keys");
    }
    for (int i = 0; i < 7; i++) {
      rows.inboxMessage(CAROL, CAROL_GONE, stream++, DAVE, "m.room.encrypted");
    }

    // KE-3: one encrypted event without algorithm, one redacted (legitimately without), the rest fine.
    long ordering = 5000;
    for (int i = 0; i < 20; i++) {
      rows.encryptedEvent("$okEvent" + i, ROOM, DAVE, ordering++, nowMs - (30 - i) * minute, "m.megolm.v1.aes-sha2");
    }
    rows.encryptedEvent(MALFORMED_EVENT, ROOM, BOB, ordering++, nowMs - 5 * minute, null);
    rows.encryptedEvent("$redactedEncrypted0001", ROOM, BOB, ordering++, nowMs - 4 * minute, null);
    rows.redaction("$redactionOf0001", "$redactedEncrypted0001", nowMs - 3 * minute);

    // KE-4: Dave's call membership delayed event, pending and overdue by 20 s.
    rows.delayedEvent("dave", DAVE_CALL, "syd_demoDelayedEvent0001", 8_000, nowMs - 20_000, ROOM, false);
    rows.delayedEvent("alice", ALICE_PHONE, "syd_demoDelayedEvent0002", 8_000, nowMs + 8_000, ROOM, false);
  }
}
