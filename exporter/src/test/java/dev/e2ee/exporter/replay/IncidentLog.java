package dev.e2ee.exporter.replay;

import dev.e2ee.fixture.DemoLogWriter;
import dev.e2ee.fixture.SynapseRows;
import dev.e2ee.fixture.SynapseTextLines;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * A bad evening in Synapse's text log (UTC) whose truth is known by construction. From 21:00 to
 * 21:10 on 2026-11-25:
 *
 * <ul>
 *   <li>KE-1: device STORMDEV of @alice uploads fine three times (21:00:10, :20, :40), then from
 *       21:01:00 to 21:05:58 every 2 s re-sends a batch rejected for key AAAAAAAAAFA (150
 *       conflicts, 30 per minute), from Element Desktop 1.12.8; BOBDEV of @bob uploads fine twice.
 *   <li>KE-2: 60 m.room.encrypted to-device messages (one every 10 s) and Element Call media keys
 *       in minute 21:02: 12 answered 200, 2 answered 429.
 *   <li>KE-4: delayed-event restarts in minutes 21:02 (6, two abandoned 499!, homeserver fast),
 *       21:07 (6, three abandoned, homeserver p99 above 2 s from five 3.5 s requests) and 21:08 (4,
 *       all fine).
 *   <li>Background: a room-messages request every second (0.050 s) and a /sync every 5 s (30 s,
 *       which Q4 must leave out); one "Failed to send delayed event" error with a 3-line traceback.
 * </ul>
 */
public final class IncidentLog {
  public static final String ALICE = "@alice:example.org";
  public static final String BOB = "@bob:example.org";
  public static final String STORM_DEVICE = "STORMDEV";
  public static final String KEY_ID = "AAAAAAAAAFA";
  public static final Instant START = Instant.parse("2026-11-25T21:00:00Z");
  public static final Instant END = Instant.parse("2026-11-25T21:10:00Z");
  public static final int CONFLICTS = 150;

  /**
   * Stores the storm's rejected key id with another value than the uploads carry: the database's
   * half of a Q1 "yes, diverged".
   */
  public static SynapseRows storeDivergentKey(SynapseRows rows) throws SQLException {
    return rows.oneTimeKey(
        ALICE,
        STORM_DEVICE,
        "signed_curve25519",
        KEY_ID,
        "{\"key\":\"serverSideKeyValue\",\"signatures\":{}}",
        1L);
  }

  /** Delayed-event restarts Element Call abandoned (logged 499!): two at 21:02, three at 21:07. */
  public static final int DISCONNECTS = 5;

  public static final int TRACEBACK_LINES = 3;

  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS").withZone(ZoneOffset.UTC);

  /** One request's lines at one time; {@code order} keeps generation order among equal times. */
  record Event(long millis, int order, List<String> lines) {}

  private final List<Event> events = new ArrayList<>();
  private int requests = 1000;

  public IncidentLog() {
    for (int s = 0; s < 600; s++) {
      add(
          s * 1000L + 500,
          access("GET", BOB, "/_matrix/client/v3/rooms/!r:example.org/messages", "200", 0.050));
    }
    for (int s = 0; s < 600; s += 5) {
      add(
          s * 1000L + 100,
          access("GET", BOB, "/_matrix/client/v3/sync?timeout=30000", "200", 30.0));
    }
    for (int s : new int[] {10, 20, 40}) {
      add(s * 1000L + 200, upload(ALICE, STORM_DEVICE, false, DemoLogWriter.STORM_AGENT));
    }
    for (int s : new int[] {30, 210}) {
      add(s * 1000L + 200, upload(BOB, "BOBDEV", false, "Element/1.11.0"));
    }
    for (int i = 0; i < CONFLICTS; i++) {
      add(60_000L + i * 2000L, upload(ALICE, STORM_DEVICE, true, DemoLogWriter.STORM_AGENT));
    }
    for (int s = 0; s < 600; s += 10) {
      add(
          s * 1000L + 300,
          access(
              "PUT", BOB, "/_matrix/client/v3/sendToDevice/m.room.encrypted/t" + s, "200", 0.02));
    }
    for (int i = 0; i < 14; i++) {
      add(
          120_000L + i * 4000L + 700,
          access(
              "PUT",
              BOB,
              "/_matrix/client/v3/sendToDevice/io.element.call.encryption_keys/c" + i,
              i < 12 ? "200" : "429",
              0.015));
    }
    delayed(2, 6, 2);
    delayed(7, 6, 3);
    delayed(8, 4, 0);
    for (int i = 0; i < 5; i++) {
      add(
          7 * 60_000L + 5_000L + i * 9000L,
          access("GET", BOB, "/_matrix/client/v3/rooms/!r:example.org/messages", "200", 3.5));
    }
    add(
        4 * 60_000L + 250,
        List.of(
            line(
                4 * 60_000L + 250,
                "synapse.handlers.delayed_events",
                "ERROR",
                "_send_on_timeout-3",
                "Failed to send delayed event"),
            "Traceback (most recent call last):",
            "  File \"/usr/lib/python3/dist-packages/synapse/handlers/delayed_events.py\", line 410, in _send_event",
            "synapse.api.errors.SynapseError: 403: You are not allowed to send this event"));
  }

  /** {@code count} restarts in minute {@code minute}, the first {@code abandoned} logged 499!. */
  private void delayed(int minute, int count, int abandoned) {
    for (int i = 0; i < count; i++) {
      add(
          minute * 60_000L + 2000L + i * 8000L,
          access(
              "POST",
              ALICE,
              "/_matrix/client/unstable/org.matrix.msc4140/delayed_events/syd_x"
                  + minute
                  + i
                  + "/restart",
              i < abandoned ? "499!" : "200",
              i < abandoned ? 0.8 : 0.1));
    }
  }

  private interface Lines {
    List<String> at(long millis, String request);
  }

  private void add(long offsetMillis, Lines lines) {
    long at = START.toEpochMilli() + offsetMillis;
    events.add(new Event(at, events.size(), lines.at(at, "R-" + (++requests))));
  }

  private void add(long offsetMillis, List<String> lines) {
    events.add(new Event(START.toEpochMilli() + offsetMillis, events.size(), lines));
  }

  private static Lines access(String method, String user, String uri, String status, double s) {
    return (at, request) ->
        List.of(
            SynapseTextLines.accessWithRequest(
                stamp(at), request, method, user, uri, status, s, 63, "Element/1.11.0"));
  }

  private static Lines upload(String user, String device, boolean conflict, String agent) {
    return (at, request) -> {
      List<String> lines = new ArrayList<>();
      lines.add(
          line(
              at,
              "synapse.handlers.e2e_keys",
              "INFO",
              request,
              "Adding one_time_keys dict_keys(['signed_curve25519:"
                  + KEY_ID
                  + "']) for device '"
                  + device
                  + "' for user '"
                  + user
                  + "' at "
                  + at));
      if (conflict) {
        lines.add(
            line(
                at,
                "synapse.http.server",
                "INFO",
                request,
                "<XForwardedForRequest at 0x7f3a2c1d9e50 method='POST' uri='/_matrix/client/v3/keys/upload'"
                    + " clientproto='HTTP/1.1' site='8008'> SynapseError: 400 - One time key signed_curve25519:"
                    + KEY_ID
                    + " already exists. Old key: {\"key\":\"serverSideKeyValue\",\"signatures\":{}};"
                    + " new key: {'key': 'clientSideKeyValue', 'signatures': {}}"));
      }
      lines.add(
          SynapseTextLines.accessWithRequest(
              stamp(at),
              request,
              "POST",
              user,
              "/_matrix/client/v3/keys/upload",
              conflict ? "400" : "200",
              0.012,
              63,
              agent));
      return lines;
    };
  }

  private static String stamp(long at) {
    return ASCTIME.format(Instant.ofEpochMilli(at));
  }

  private static String line(long at, String logger, String level, String request, String message) {
    return SynapseTextLines.line(stamp(at), logger, 461, level, request, message);
  }

  /** Every event's lines in time order. */
  List<Event> events() {
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(Event::millis).thenComparingInt(Event::order));
    return sorted;
  }

  public List<String> lines() {
    List<String> out = new ArrayList<>();
    events().forEach(e -> out.addAll(e.lines()));
    return out;
  }

  public static void write(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  static void writeGzip(Path file, List<String> lines) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      for (String l : lines) {
        out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
