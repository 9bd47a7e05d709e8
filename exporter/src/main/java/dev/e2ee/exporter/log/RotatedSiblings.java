package dev.e2ee.exporter.log;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * The rotated copies of a log file in its directory: {@code homeserver.log.1}, {@code
 * homeserver.log.2026-11-26} (Synapse's TimedRotatingFileHandler), {@code homeserver.log-20261126}
 * (logrotate's dateext), and any of them gzipped. Where the tailer looks for the unread rest of a
 * file that was renamed or copied away between two polls, matching by identity or by first bytes -
 * never by name, which rotation changes.
 */
final class RotatedSiblings {
  /** One rotated file, with its stat at the time of listing. */
  record Sibling(Path path, FileStat stat, boolean gzipped) {}

  private RotatedSiblings() {}

  /**
   * The siblings of {@code file}, oldest write first (for equal times, the higher rotation number
   * first).
   */
  static List<Sibling> of(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    String name = file.getFileName().toString();
    List<Sibling> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String n = p.getFileName().toString();
        if (RotatedNames.isRotationOf(name, n)) {
          FileStat stat = FileStat.of(p);
          if (stat != null && Files.isRegularFile(p)) {
            out.add(new Sibling(p, stat, n.endsWith(".gz")));
          }
        }
      }
    }
    out.sort(
        Comparator.comparingLong((Sibling s) -> s.stat().modifiedMillis())
            .thenComparing(s -> s.path().getFileName().toString(), Comparator.reverseOrder()));
    return out;
  }

  /** The sibling's content from {@code offset}, decompressed when gzipped. */
  static InputStream open(Sibling s, long offset) throws IOException {
    InputStream in = Files.newInputStream(s.path());
    try {
      InputStream content =
          s.gzipped() ? new GZIPInputStream(new BufferedInputStream(in), 64 * 1024) : in;
      content.skipNBytes(offset);
      return content;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * The first bytes of the sibling's content (decompressed when gzipped), or null when unreadable.
   */
  static @Nullable HeadPrint head(Sibling s) {
    try (InputStream in = open(s, 0)) {
      return HeadPrint.read(in, HeadPrint.LENGTH);
    } catch (IOException e) {
      return null;
    }
  }
}
