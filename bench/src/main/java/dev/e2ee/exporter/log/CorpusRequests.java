package dev.e2ee.exporter.log;

import dev.e2ee.fixture.SynapseTextLines;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The lines one request of the corpus leaves in the log, by kind of request. Every method draws
 * from the corpus's one {@link Random} in a fixed order: reordering a single draw would change the
 * bytes of every line after it, and with them every comparison made against an older corpus.
 */
final class CorpusRequests {
  private final Random random;

  CorpusRequests(Random random) {
    this.random = random;
  }

  /** The lines of request {@code req} picked by {@code roll} (0..99): the corpus's mix. */
  void add(int roll, String ts, String req, long ms, List<String> out) {
    if (roll < 45) {
      out.add(sync(ts, req));
    } else if (roll < 55) {
      out.add(federationSend(ts, req, ms));
    } else if (roll < 60) {
      out.add(keysQuery(ts, req));
    } else if (roll < 66) {
      out.add(sendToDevice(ts, req, ms));
    } else if (roll < 70) {
      out.add(delayedEvent(ts, req, ms));
    } else if (roll < 80) {
      ke1Storm(ts, req, ms, out);
    } else if (roll < 95) {
      out.add(federationTxn(ts, req));
    } else {
      traceback(ts, req, out);
    }
  }

  /** A long-poll /sync with a full since-token: the longest and most common line. */
  private String sync(String ts, String req) {
    String user = user(500);
    String uri =
        "/_matrix/client/v3/sync?filter="
            + random.nextInt(100)
            + "&timeout=30000&since=s"
            + random.nextInt(1_000_000)
            + "_"
            + random.nextInt(100_000)
            + "_"
            + random.nextInt(10_000)
            + "_1_1_1_1_"
            + random.nextInt(5000)
            + "_0_1"
            + "&set_presence=online";
    return access(ts, req, "GET", user, uri, 200, 25 + random.nextDouble() * 5);
  }

  private String federationSend(String ts, String req, long ms) {
    String origin = "remote" + random.nextInt(50) + ".example.net";
    String uri = "/_matrix/federation/v1/send/" + (ms - random.nextInt(1000));
    return access(ts, req, "PUT", origin, uri, 200, random.nextDouble() / 5);
  }

  private String keysQuery(String ts, String req) {
    String user = user(500);
    return access(
        ts, req, "POST", user, "/_matrix/client/v3/keys/query", 200, random.nextDouble() / 10);
  }

  private String sendToDevice(String ts, String req, long ms) {
    String user = user(500);
    String type = random.nextBoolean() ? "m.room.encrypted" : "io.element.call.encryption_keys";
    String uri = "/_matrix/client/v3/sendToDevice/" + type + "/m" + ms + "." + random.nextInt(100);
    return access(ts, req, "PUT", user, uri, 200, random.nextDouble() / 20);
  }

  /** An MSC4140 delayed-event update; one in twenty is cut off by the client (499). */
  private String delayedEvent(String ts, String req, long ms) {
    String user = user(50);
    String uri =
        "/_matrix/client/unstable/org.matrix.msc4140/delayed_events/syd_"
            + Long.toString(ms, 36)
            + "abcdefghij";
    int status = random.nextInt(20) == 0 ? 499 : 200;
    return access(ts, req, "POST", user, uri, status, random.nextDouble() * 3);
  }

  /** KE-1 storm: one device re-uploading the same rejected key, three lines a request. */
  private void ke1Storm(String ts, String req, long ms, List<String> out) {
    String device = "STORM" + random.nextInt(3);
    String user = "@alice:example.org";
    out.add(
        SynapseTextLines.line(
            ts,
            "synapse.handlers.e2e_keys",
            145,
            "INFO",
            req,
            "Adding one_time_keys dict_keys(['signed_curve25519:AAAAAAAAAFA', 'signed_curve25519:AAAAAAAAAFB']) for device '"
                + device
                + "' for user '"
                + user
                + "' at "
                + ms));
    out.add(
        SynapseTextLines.line(
            ts,
            "synapse.http.server",
            130,
            "INFO",
            req,
            "<XForwardedForRequest at 0x7f3a2c1d9e50 method='POST' uri='/_matrix/client/v3/keys/upload' clientproto='HTTP/1.1'"
                + " site='8008'> SynapseError: 400 - One time key signed_curve25519:AAAAAAAAAFA already exists. Old key:"
                + " {\"key\":\"zKbLg+NrIjpnagy+pIY6uPL4ZwEG2v+8F9lmgsnlZzs\",\"signatures\":{\"@alice:example.org\":{\"ed25519:"
                + device
                + "\":\"x\"}}}; new key: {'key': 'R7eu7ZDMJLmqUzh4tENFpEa8kUZ0PM3N7LNV4L6Lr3A', 'signatures':"
                + " {'@alice:example.org': {'ed25519:"
                + device
                + "': 'y'}}}"));
    out.add(access(ts, req, "POST", user, "/_matrix/client/v3/keys/upload", 400, 0.012));
  }

  /** Another INFO logger, so that the parser also skips what it does not count. */
  private String federationTxn(String ts, String req) {
    return SynapseTextLines.line(
        ts,
        random.nextBoolean()
            ? "synapse.federation.transport.server.federation"
            : "synapse.storage.txn",
        100 + random.nextInt(900),
        "INFO",
        req,
        "Received txn "
            + random.nextInt(1_000_000)
            + " from remote"
            + random.nextInt(50)
            + ".example.net. (PDUs: "
            + random.nextInt(5)
            + ", EDUs: "
            + random.nextInt(5)
            + ")");
  }

  /** An ERROR with its traceback: four continuation lines that belong to the record before. */
  private static void traceback(String ts, String req, List<String> out) {
    out.add(
        SynapseTextLines.line(
            ts,
            "synapse.http.server",
            130,
            "ERROR",
            req,
            "Failed handle request via 'SyncRestServlet': <XForwardedForRequest at 0x7f3a method='GET' uri='/_matrix/client/v3/sync'>"));
    out.add("Traceback (most recent call last):");
    out.add(
        "  File \"/usr/lib/python3/dist-packages/synapse/http/server.py\", line 332, in _async_render_wrapper");
    out.add("    callback_return = await self._async_render(request)");
    out.add("synapse.api.errors.SynapseError: 500: Internal server error");
  }

  /**
   * One of {@code users} local users. Each request draws its requester first, then its URI, its
   * status and its time, in that order, as the corpus always did.
   */
  private String user(int users) {
    return "@user" + random.nextInt(users) + ":example.org";
  }

  /** An access line with varied client address, timings, size and client version. */
  private String access(
      String ts,
      String req,
      String method,
      String requester,
      String uri,
      int code,
      double seconds) {
    String message =
        String.format(
            Locale.ROOT,
            "::ffff:10.1.2.%d - 8008 - {%s} Processed request: %.3fsec/0.001sec ru=(%.3fsec, 0.001sec) db=(0.000sec/%.3fsec/%d)"
                + " %dB %d%s \"%s %s HTTP/1.1\" \"Mozilla/5.0 (X11; Linux x86_64) Element/1.11.%d\" [0 dbevts]",
            random.nextInt(255),
            requester,
            seconds,
            Math.min(seconds, 0.01),
            Math.min(seconds, 0.005),
            random.nextInt(8),
            random.nextInt(5000),
            code,
            code == 499 ? "!" : "",
            method,
            uri,
            random.nextInt(100));
    return SynapseTextLines.line(ts, "synapse.access.http.8008", 461, "INFO", req, message);
  }
}
