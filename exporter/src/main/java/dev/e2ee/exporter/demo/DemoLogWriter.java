package dev.e2ee.exporter.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Produces Synapse's default text log format ({@code precise} formatter) for the demo's
 * scenario: ordinary sync and key traffic, a KE-1 conflict storm from one device, Element
 * Call media keys sent to device (KE-2), slow and abandoned delayed-event restarts (KE-4),
 * and now and then a traceback whose continuation lines are not records.
 */
public final class DemoLogWriter {
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

  private final Path file;
  private final ZoneId zone;
  private final Random random;
  private long requestCounter = 4000;
  private long txn = 1;

  public DemoLogWriter(Path file, ZoneId zone, long seed) {
    this.file = file;
    this.zone = zone;
    this.random = new Random(seed);
  }

  public Path file() {
    return file;
  }

  /** Appends one tick (about a quarter second) of traffic, flushed as Synapse's handler would. */
  public void writeTick(Instant now) throws IOException {
    List<String> lines = new ArrayList<>();
    String ts = ASCTIME.format(now.atZone(zone));
    // Long-poll sync from the healthy devices.
    if (random.nextInt(4) == 0) {
      lines.add(access(ts, "GET", DemoScenario.ALICE,
          "/_matrix/client/v3/sync?filter=0&timeout=30000&since=s72594_4483_1934_1_1_1_1_3_0_1", 200,
          30.0 + random.nextDouble(), 1234, "Element/1.11.0"));
    }
    // KE-1: the storm device re-uploads the same rejected batch on every tick.
    String request = "POST-" + (++requestCounter);
    lines.add(line(ts, "synapse.handlers.e2e_keys", 145, "INFO", request,
        "Adding one_time_keys dict_keys(['signed_curve25519:" + DemoScenario.STORM_KEY_ID
            + "', 'signed_curve25519:AAAAAAAAAFB']) for device '" + DemoScenario.STORM_DEVICE
            + "' for user '" + DemoScenario.ALICE + "' at " + now.toEpochMilli()));
    lines.add(line(ts, "synapse.http.server", 130, "INFO", request,
        "<XForwardedForRequest at 0x7f3a2c1d9e50 method='POST' uri='/_matrix/client/v3/keys/upload' "
            + "clientproto='HTTP/1.1' site='8008'> SynapseError: 400 - One time key signed_curve25519:"
            + DemoScenario.STORM_KEY_ID + " already exists. Old key: {\"key\":\"serverSideKeyValue\","
            + "\"signatures\":{}}; new key: {'key': 'clientSideKeyValue', 'signatures': {}}"));
    lines.add(accessWithRequest(ts, request, "POST", DemoScenario.ALICE, "/_matrix/client/v3/keys/upload", "400",
        0.012 + random.nextDouble() / 100, 63, "Element/1.11.0 (web)"));
    // KE-2: Dave's Element Call sends media keys to Carol's devices.
    if (random.nextInt(2) == 0) {
      lines.add(access(ts, "PUT", DemoScenario.DAVE,
          "/_matrix/client/v3/sendToDevice/m.room.encrypted/" + (txn++), 200, 0.02, 2, "Element Call/0.9"));
    }
    if (random.nextInt(8) == 0) {
      lines.add(access(ts, "PUT", DemoScenario.DAVE,
          "/_matrix/client/v3/sendToDevice/io.element.call.encryption_keys/" + (txn++), 200, 0.015, 2,
          "Element Call/0.9"));
    }
    // Olm sessions being opened: one-time keys claimed from Carol's and Alice's devices.
    if (random.nextInt(10) == 0) {
      String claim = "POST-" + (++requestCounter);
      lines.add(line(ts, "synapse.handlers.e2e_keys", 212, "INFO", claim,
          "Claimed one-time-keys: signed_curve25519:AAAAAAAAAAC for " + DemoScenario.CAROL + ":"
              + DemoScenario.CAROL_WEB + ", signed_curve25519:AAAAAAAAAAB for " + DemoScenario.ALICE + ":"
              + DemoScenario.ALICE_PHONE));
      lines.add(accessWithRequest(ts, claim, "POST", DemoScenario.DAVE, "/_matrix/client/v3/keys/claim", "200",
          0.03, 512, "Element Call/0.9"));
    }
    // KE-4: delayed-event restarts, some slow, some abandoned by the client.
    if (random.nextInt(3) == 0) {
      int roll = random.nextInt(10);
      String status = roll == 0 ? "499!" : "200";
      double seconds = roll < 3 ? 2.0 + random.nextDouble() * 3 : 0.05 + random.nextDouble() / 10;
      lines.add(accessWithRequest(ts, "POST-" + (++requestCounter), "POST", DemoScenario.DAVE,
          "/_matrix/client/unstable/org.matrix.msc4140/delayed_events/syd_demoDelayedEvent0001", status,
          seconds, 2, "Element Call/0.9"));
    }
    if (random.nextInt(40) == 0) {
      lines.add(line(ts, "synapse.handlers.delayed_events", 412, "ERROR", "_send_on_timeout-12",
          "Failed to send delayed event"));
      lines.add("Traceback (most recent call last):");
      lines.add("  File \"/usr/lib/python3/dist-packages/synapse/handlers/delayed_events.py\", line 410, in _send_event");
      lines.add("synapse.api.errors.SynapseError: 403: You are not allowed to send this event");
    }
    append(lines);
  }

  private String access(String ts, String method, String user, String uri, int status, double seconds,
      int bytes, String agent) {
    return accessWithRequest(ts, method + "-" + (++requestCounter), method, user, uri, Integer.toString(status),
        seconds, bytes, agent);
  }

  private String accessWithRequest(String ts, String request, String method, String user, String uri,
      String status, double seconds, int bytes, String agent) {
    String message = String.format(java.util.Locale.ROOT,
        "::ffff:127.0.0.1 - 8008 - {%s} Processed request: %.3fsec/0.001sec ru=(%.3fsec, 0.001sec) "
            + "db=(0.000sec/%.3fsec/2) %dB %s \"%s %s HTTP/1.1\" \"%s\" [0 dbevts]",
        user, seconds, Math.min(seconds, 0.01), Math.min(seconds, 0.004), bytes, status, method, uri, agent);
    return line(ts, "synapse.access.http.8008", 461, "INFO", request, message);
  }

  private static String line(String ts, String logger, int lineno, String level, String request, String message) {
    return ts + " - " + logger + " - " + lineno + " - " + level + " - " + request + " - " + message;
  }

  private void append(List<String> lines) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      for (String l : lines) {
        out.write(l);
        out.write('\n');
      }
    }
  }
}
