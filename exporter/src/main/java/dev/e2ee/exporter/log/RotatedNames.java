package dev.e2ee.exporter.log;

import java.util.regex.Pattern;

/** Recognises the names Python's rotating handlers give old log files. */
final class RotatedNames {
  // TimedRotatingFileHandler: name.YYYY-MM-DD (midnight); RotatingFileHandler: name.N; plus .gz.
  private static final Pattern ROTATED =
      Pattern.compile(".*\\.(\\d{4}-\\d{2}-\\d{2}(_\\d{2}(-\\d{2}){0,2})?|\\d+)(\\.gz)?$|.*\\.gz$");

  private RotatedNames() {}

  static boolean isRotated(String fileName) {
    return ROTATED.matcher(fileName).matches();
  }
}
