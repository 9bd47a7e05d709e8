package dev.e2ee.exporter.page;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A time as people read it on call: "4 min ago", with the exact UTC time to the second on hover
 * (the {@code title}) and in {@code datetime} for machines.
 */
public final class Times {
  private static final DateTimeFormatter EXACT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MACHINE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Times() {}

  /** {@code <time datetime=... title=...>4 min ago</time>}. */
  public static String element(long atMillis, long nowMillis) {
    Instant at = Instant.ofEpochMilli(atMillis);
    return "<time datetime=\""
        + MACHINE.format(at)
        + "\" title=\""
        + EXACT.format(at)
        + "\">"
        + relative(atMillis, nowMillis)
        + "</time>";
  }

  public static String exact(long atMillis) {
    return EXACT.format(Instant.ofEpochMilli(atMillis));
  }

  public static String machine(long atMillis) {
    return MACHINE.format(Instant.ofEpochMilli(atMillis));
  }

  /** "just now", "42 s ago", "4 min ago", "3 h 5 min ago", "2 d 4 h ago"; "in 5 s" ahead. */
  static String relative(long atMillis, long nowMillis) {
    long seconds = Math.abs(nowMillis - atMillis) / 1000;
    String span;
    if (seconds < 5) {
      return "just now";
    } else if (seconds < 60) {
      span = seconds + " s";
    } else if (seconds < 3600) {
      span = seconds / 60 + " min";
    } else if (seconds < 48 * 3600) {
      long minutes = seconds / 60 % 60;
      span = seconds / 3600 + " h" + (minutes == 0 ? "" : " " + minutes + " min");
    } else {
      long hours = seconds / 3600 % 24;
      span = seconds / 86400 + " d" + (hours == 0 ? "" : " " + hours + " h");
    }
    return atMillis <= nowMillis ? span + " ago" : "in " + span;
  }
}
