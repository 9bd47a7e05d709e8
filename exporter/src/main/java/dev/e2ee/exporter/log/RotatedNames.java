package dev.e2ee.exporter.log;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the names rotation gives old log files: Python's TimedRotatingFileHandler ({@code
 * name.YYYY-MM-DD}, also with a time), RotatingFileHandler and logrotate ({@code name.N}),
 * logrotate's dateext ({@code name-YYYYMMDD}, also with a time), each optionally gzipped.
 */
public final class RotatedNames {
  private static final String SUFFIX =
      "(\\.\\d{4}-\\d{2}-\\d{2}(_\\d{2}(-\\d{2}){0,2})?|\\.\\d+|-\\d{8}(\\d{2,6})?)(\\.gz)?";
  private static final Pattern ROTATED = Pattern.compile(".*" + SUFFIX + "$|.*\\.gz$");
  private static final Pattern SUFFIX_ONLY = Pattern.compile(SUFFIX);
  private static final Pattern BASE_AND_SUFFIX = Pattern.compile("(.+?)(?:" + SUFFIX + "|\\.gz)");

  private RotatedNames() {}

  static boolean isRotated(String fileName) {
    return ROTATED.matcher(fileName).matches();
  }

  /**
   * The file a rotated name was rotated from ({@code homeserver.log} of {@code
   * homeserver.log.2.gz}).
   */
  public static String baseOf(String fileName) {
    Matcher m = BASE_AND_SUFFIX.matcher(fileName);
    return m.matches() ? m.group(1) : fileName;
  }

  /**
   * {@code candidate} is {@code base} with a rotation suffix ({@code homeserver.log.1} of {@code
   * homeserver.log}).
   */
  public static boolean isRotationOf(String base, String candidate) {
    return candidate.length() > base.length()
        && candidate.startsWith(base)
        && SUFFIX_ONLY.matcher(candidate).region(base.length(), candidate.length()).matches();
  }
}
