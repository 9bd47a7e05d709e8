package dev.e2ee.exporter.log;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * For one followed file, reads what rotation moved away before the tailer read it: the rest of the
 * file from its rotated copy, and whole files created and rotated away between two polls. Knows
 * which rotated siblings are history (seen at the last look) so none is read twice.
 */
final class RotationRecovery {
  /**
   * A file rotated away between two polls was last written after the earlier poll (mtime
   * granularity aside).
   */
  private static final long MTIME_SLACK_MILLIS = 1_000;

  private final Path path;
  private final LineAssembler assembler;
  private final byte[] buffer;

  /** Identities of the rotated siblings at the last look: history, not to be read again. */
  private Set<List<Long>> knownSiblings = Set.of();

  /**
   * @param buffer scratch space for reading, shared with the tailer (one thread)
   */
  RotationRecovery(Path path, LineAssembler assembler, byte[] buffer) {
    this.path = path;
    this.assembler = assembler;
    this.buffer = buffer;
  }

  /** Takes every rotated sibling there now as history. */
  void rememberSiblings() throws IOException {
    Set<List<Long>> ids = new HashSet<>();
    for (RotatedSiblings.Sibling s : RotatedSiblings.of(path)) {
      ids.add(identity(s.stat()));
    }
    knownSiblings = ids;
  }

  /** No sibling is history: after a restart, any of them may hold unread lines. */
  void forgetSiblings() {
    knownSiblings = Set.of();
  }

  /** The rotated copy of a file that began with these bytes: by identity first, else by content. */
  RotatedSiblings.@Nullable Sibling findSibling(Positions.Entry e) throws IOException {
    RotatedSiblings.@Nullable Sibling byContent = null;
    for (RotatedSiblings.Sibling s : RotatedSiblings.of(path)) {
      HeadPrint h = RotatedSiblings.head(s);
      if (h != null && h.startsWith(e.headLength(), e.headSha256())) {
        if (!s.gzipped() && s.stat().sameFile(e.device(), e.inode())) {
          return s;
        }
        byContent = s; // the newest matching copy wins (siblings come oldest first)
      }
    }
    return byContent;
  }

  /**
   * copytruncate: the rest of the file from its rotated copy (matched by first bytes), from {@code
   * offset}.
   */
  long finishFromCopy(
      HeadPrint truncatedHead, long offset, @Nullable FileStat current, TailEvents events)
      throws IOException {
    if (offset == 0 || truncatedHead.length() == 0) {
      assembler.discardPartial();
      return 0; // nothing had been read: nothing can be missing
    }
    RotatedSiblings.Sibling copy = null;
    for (RotatedSiblings.Sibling s : RotatedSiblings.of(path)) {
      HeadPrint h = RotatedSiblings.head(s);
      if (h != null && h.startsWith(truncatedHead) && !s.stat().sameFile(current)) {
        copy = s; // newest match last
      }
    }
    if (copy == null) {
      assembler.discardPartial();
      events.lost("copy_not_found");
      return 0;
    }
    return readSibling(copy, offset, events);
  }

  /**
   * Reads, whole, every rotated sibling that is neither history (seen at the last look) nor
   * excluded, and was written after {@code sinceMillis}: files created and rotated away between two
   * polls. Compressed siblings are never such files: logrotate compresses a file only after its
   * rotation, so its lines were read from the plain file already.
   */
  long readRotatedSince(
      long sinceMillis, List<FileStat> exclude, @Nullable FileStat current, TailEvents events)
      throws IOException {
    long consumed = 0;
    Set<List<Long>> seen = new HashSet<>();
    for (RotatedSiblings.Sibling s : RotatedSiblings.of(path)) {
      boolean excluded = exclude.stream().anyMatch(x -> x.sameFile(s.stat()));
      if (!s.gzipped()
          && !excluded
          && !knownSiblings.contains(identity(s.stat()))
          && s.stat().modifiedMillis() >= sinceMillis - MTIME_SLACK_MILLIS) {
        consumed += readSibling(s, 0, events);
      }
      seen.add(identity(s.stat()));
    }
    if (current != null) {
      seen.add(identity(current));
    }
    knownSiblings = seen; // from the one listing above: what is there now is history from here on
    return consumed;
  }

  /**
   * Hands on the sibling's lines from {@code offset}. A copy shorter than the offset holds nothing
   * unread (we read further in the original before it was truncated); an unreadable one (a corrupt
   * .gz) is reported, and reading goes on with the next file.
   */
  long readSibling(RotatedSiblings.Sibling s, long offset, TailEvents events) {
    long total = 0;
    try (InputStream in = RotatedSiblings.open(s, offset)) {
      int n;
      while ((n = in.read(buffer, 0, buffer.length)) > 0) {
        assembler.feed(buffer, 0, n, events);
        total += n;
      }
    } catch (EOFException shorter) {
      assembler.discardPartial();
      return 0;
    } catch (IOException e) {
      assembler.flushPartial(events);
      events.readError(e);
      events.lost("rotated_copy_unreadable");
      return total;
    }
    assembler.flushPartial(events);
    if (total > 0) {
      events.bytesRead(total);
    }
    events.recovered(s.path(), total);
    return total;
  }

  private static List<Long> identity(FileStat s) {
    return List.of(s.device(), s.inode());
  }
}
