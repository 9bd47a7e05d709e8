package dev.e2ee.compat.drive;

import dev.e2ee.compat.client.Http;
import dev.e2ee.compat.synapse.Homeserver;
import dev.e2ee.compat.truth.Truth;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The run, in the order a reader of the log meets it: text log, a restart, more text, the switch to
 * Synapse's JSON formatter, the rest (KE-4 and the stall) in JSON. Sizes are fixed so a run is
 * repeatable; the pauses are client-like rates, never something an assertion depends on.
 */
public final class Driver {
  /** The storm's key id: 11 characters, as current clients write them. */
  public static final String STORM_KEY_ID = "AAAAAAAAAAE";

  private static final Duration STORM_PAUSE = Duration.ofMillis(250);

  private final Homeserver hs;
  private final Http http;
  private final Truth truth;

  public Driver(Homeserver hs, Http http, Truth truth) {
    this.hs = hs;
    this.http = http;
    this.truth = truth;
  }

  public void run() throws IOException, InterruptedException {
    truth.synapseVersion(hs.version());
    Cast cast = Cast.assemble(hs, http, truth);
    KeyUploads uploads = new KeyUploads();
    KeyClaims claims = new KeyClaims();
    ToDevice toDevice = new ToDevice();
    var targets = List.of(cast.carolNever, cast.carolQuiet, cast.daveSync);

    // Text log: clean uploads from three real agents, the divergence and its storm, validation.
    truth.mark("text log", Instant.now());
    uploads.publish(cast.aliceX, 5, true, true);
    uploads.publish(cast.aliceRust, 5, true, true);
    uploads.publish(cast.bobPhone, 2, true, true);
    uploads.storeOriginal(cast.storm, STORM_KEY_ID);
    uploads.preflights(cast.daveSync, 2);
    uploads.invalid(cast.aliceRust);
    uploads.storm(cast.storm, STORM_KEY_ID, 20, STORM_PAUSE);
    cast.bot.sync();

    // KE-2: one round the quiet device still takes, then it stops syncing.
    cast.carolQuiet.sync();
    cast.daveSync.sync();
    toDevice.round(cast.erin, targets);
    toDevice.drain(cast.carolQuiet);
    toDevice.drain(cast.daveSync);
    toDevice.round(cast.erin, targets);
    toDevice.round(cast.erin, targets);
    toDevice.drain(cast.daveSync);

    new EncryptedEvents().send(cast.erin, truth);
    claims.claim(cast.erin, List.of(cast.aliceX, cast.aliceRust, cast.bobPhone));
    claims.claim(cast.erin, List.of(cast.aliceX));
    claims.claim(cast.erin, List.of(cast.aliceX));

    // A restart mid-run: the storm goes on afterwards, as the client never stops.
    hs.restart();
    truth.mark("restart", Instant.now());
    uploads.storm(cast.storm, STORM_KEY_ID, 10, STORM_PAUSE);
    toDevice.round(cast.erin, targets);
    claims.claim(cast.erin, List.of(cast.bobPhone));
    claims.claim(cast.erin, List.of(cast.bobPhone));

    // The JSON formatter for the rest of the run (same file, same process: SIGHUP reload).
    hs.logFormat("json");
    truth.mark("json log", Instant.now());
    uploads.storm(cast.storm, STORM_KEY_ID, 10, STORM_PAUSE);
    uploads.publish(cast.aliceX, 3, false, false);
    claims.claim(cast.erin, List.of(cast.aliceRust));
    toDevice.round(cast.erin, targets);
    DelayedEvents delayed = new DelayedEvents(cast.frank, truth);
    delayed.lifecycle(6, Duration.ofMillis(500));
    delayed.stall(hs, Duration.ofSeconds(20), 4, Duration.ofSeconds(3));
    toDevice.drain(cast.daveSync);
    truth.mark("end", Instant.now());
  }
}
