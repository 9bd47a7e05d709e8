package dev.e2ee.exporter.console;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The exact {@code capture} command for one device, ready to paste into a shell on the exporter's
 * host: the jar that is running, its config file, the user and device quoted for a POSIX shell, and
 * a window starting half an hour before the problem did.
 */
public final class CaptureCommandLine {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9@:._/+=-]+");

  private final String program;
  private final String configFile;
  private final String outDirectory;

  public CaptureCommandLine(Optional<Path> runningJar, Optional<Path> config, Optional<Path> out) {
    this.program =
        runningJar.map(j -> "java -jar " + quote(j.toString())).orElse("synapse-e2ee-exporter");
    this.configFile = config.map(c -> quote(c.toString())).orElse("CONFIG.yml");
    this.outDirectory = out.map(o -> quote(o.toString())).orElse(".");
  }

  public String forDevice(String userId, String deviceId, long sinceMillis) {
    Instant from =
        Instant.ofEpochMilli(sinceMillis - Links.BEFORE_SINCE_MILLIS)
            .truncatedTo(ChronoUnit.SECONDS);
    return program
        + " capture --config "
        + configFile
        + " --user "
        + quote(userId)
        + " --device "
        + quote(deviceId)
        + " --since "
        + from
        + " --out "
        + outDirectory;
  }

  /** Single quotes unless the text is plainly safe; a quote inside becomes '\''. */
  static String quote(String text) {
    if (SAFE.matcher(text).matches()) {
      return text;
    }
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /** The jar this exporter runs from, when it runs from one. */
  public static Optional<Path> runningJar() {
    try {
      Path location =
          Path.of(
              CaptureCommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return location.toString().endsWith(".jar") ? Optional.of(location) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
