package dev.e2ee.exporter.log;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Expands the configured log paths. A plain path is kept even when the file does not exist yet
 * (Synapse may start after us); a glob ({@code *}, {@code ?}, {@code [}, <code>{</code>) is matched
 * against the files of its directory, which is how worker logs are named.
 */
public final class LogFiles {
  private LogFiles() {}

  public static boolean isGlob(String pattern) {
    return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  public static List<Path> expand(List<String> patterns) {
    TreeSet<Path> result = new TreeSet<>();
    for (String pattern : patterns) {
      if (!isGlob(pattern)) {
        result.add(Path.of(pattern).toAbsolutePath().normalize());
        continue;
      }
      Path absolute = Path.of(pattern).toAbsolutePath();
      Path dir = absolute.getParent();
      if (dir == null || isGlob(dir.toString())) {
        throw new IllegalArgumentException(
            "only the file name part of a log path may be a glob: " + pattern);
      }
      PathMatcher matcher =
          FileSystems.getDefault().getPathMatcher("glob:" + absolute.getFileName());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> entries = Files.list(dir)) {
        entries
            .filter(p -> matcher.matches(p.getFileName()) && Files.isRegularFile(p))
            // Rotated files (homeserver.log.2026-11-24) match "*.log*"-style globs; they are
            // read by capture, never tailed, or every rotation would be counted twice.
            .filter(p -> !RotatedNames.isRotated(p.getFileName().toString()))
            .forEach(p -> result.add(p.normalize()));
      } catch (IOException e) {
        // Unreadable directory: nothing to tail there now; the source reports the file absent.
      }
    }
    return new ArrayList<>(result);
  }
}
