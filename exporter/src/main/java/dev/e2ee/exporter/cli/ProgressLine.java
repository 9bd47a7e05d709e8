package dev.e2ee.exporter.cli;

import dev.e2ee.exporter.replay.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Replay's progress on stderr, rewritten in place at most twice a second: bytes read of the total,
 * lines per second, time left. Only when stderr is a terminal: a pipe or a CI log stays clean.
 */
final class ProgressLine implements Progress {
  private final PrintStream err;
  private final long started = System.nanoTime();
  private long shownAt;
  private boolean shown;

  private ProgressLine(PrintStream err) {
    this.err = err;
  }

  static Progress forStderr() {
    return stderrIsTerminal() ? new ProgressLine(System.err) : Progress.NONE;
  }

  /** Linux names a terminal descriptor /dev/pts/N or /dev/ttyN; Java has no isatty for fd 2. */
  private static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  @Override
  public void update(long bytesRead, long totalBytes, long lines) {
    long now = System.nanoTime();
    if (now - shownAt < 500_000_000L) {
      return;
    }
    shownAt = now;
    double seconds = Math.max(1e-3, (now - started) / 1e9);
    StringBuilder line = new StringBuilder("\rreplay: ");
    line.append(bytesRead >> 20).append(" MB");
    if (totalBytes > 0) {
      line.append(" of ").append(totalBytes >> 20).append(" MB");
    }
    line.append(String.format(Locale.ROOT, ", %.0f lines/s", lines / seconds));
    if (totalBytes > 0 && bytesRead > 0) {
      double left = seconds * (totalBytes - bytesRead) / bytesRead;
      line.append(String.format(Locale.ROOT, ", %.0f s left", Math.max(0, left)));
    }
    err.print(line.append("   "));
    err.flush();
    shown = true;
  }

  @Override
  public void done() {
    if (shown) {
      err.println();
    }
  }
}
