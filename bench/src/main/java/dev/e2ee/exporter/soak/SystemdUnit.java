package dev.e2ee.exporter.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the shipped systemd unit gives the JVM, read from the unit file itself, so that the soaks
 * measure the process the unit starts rather than a copy of its flags that could drift.
 */
final class SystemdUnit {
  private SystemdUnit() {}

  /** The -X flags of the unit's ExecStart, so the soak runs what the unit runs. */
  static List<String> jvmFlags(Path unit) throws IOException {
    String text = Files.readString(unit).replace("\\\n", " ");
    Matcher m = Pattern.compile("(?m)^ExecStart=(.*)$").matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no ExecStart in " + unit);
    }
    return Arrays.stream(m.group(1).trim().split("\\s+"))
        .filter(t -> t.startsWith("-X") || t.startsWith("-D"))
        .toList();
  }

  /** The unit's {@code Environment=NAME=value} settings (MALLOC_ARENA_MAX and the like). */
  static Map<String, String> environment(Path unit) throws IOException {
    Map<String, String> environment = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^Environment=(\\w+)=(\\S*)$").matcher(Files.readString(unit));
    while (m.find()) {
      environment.put(m.group(1), m.group(2));
    }
    return environment;
  }
}
