package dev.e2ee.exporter.log.parse;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Parses Synapse's {@code asctime} ({@code 2026-11-25 21:19:02,123}, local time without a zone)
 * into epoch milliseconds without allocating. The zone offset is looked up once per local hour and
 * reused, which keeps DST transitions right (an hour never straddles one).
 */
final class SynapseTimestamp {
  static final int LENGTH = 23;

  private final ZoneId zone;
  private long cachedHourKey = -1;
  private long cachedHourEpochMillis;

  SynapseTimestamp(ZoneId zone) {
    this.zone = zone;
  }

  /** Epoch millis of the timestamp at {@code from}, or {@code Long.MIN_VALUE} if it is not one. */
  long parse(String s, int from) {
    if (s.length() < from + LENGTH) {
      return Long.MIN_VALUE;
    }
    if (s.charAt(from + 4) != '-'
        || s.charAt(from + 7) != '-'
        || s.charAt(from + 10) != ' '
        || s.charAt(from + 13) != ':'
        || s.charAt(from + 16) != ':') {
      return Long.MIN_VALUE;
    }
    char sep = s.charAt(from + 19);
    if (sep != ',' && sep != '.') {
      return Long.MIN_VALUE;
    }
    int year = digits(s, from, 4);
    int month = digits(s, from + 5, 2);
    int day = digits(s, from + 8, 2);
    int hour = digits(s, from + 11, 2);
    int minute = digits(s, from + 14, 2);
    int second = digits(s, from + 17, 2);
    int millis = digits(s, from + 20, 3);
    if ((year | month | day | hour | minute | second | millis) < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 31
        || hour > 23
        || minute > 59
        || second > 60) {
      return Long.MIN_VALUE;
    }
    long hourKey = ((year * 100L + month) * 100L + day) * 100L + hour;
    if (hourKey != cachedHourKey) {
      try {
        cachedHourEpochMillis =
            LocalDateTime.of(year, month, day, hour, 0).atZone(zone).toInstant().toEpochMilli();
      } catch (DateTimeException e) {
        return Long.MIN_VALUE; // 2026-02-31 and friends
      }
      cachedHourKey = hourKey;
    }
    return cachedHourEpochMillis + minute * 60_000L + second * 1000L + millis;
  }

  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }
}
