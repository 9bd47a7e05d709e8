package dev.e2ee.exporter.log;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Follows one log file by identity, the way a log shipper does rather than {@code tail -F}, so that
 * no line is lost or read twice:
 *
 * <ul>
 *   <li><b>rename + create</b> (Synapse's TimedRotatingFileHandler), <b>delete + re-create</b>, and
 *       a new file already grown past the old offset: the path names another inode, so the old file
 *       is finished through the descriptor still held, and any file that was created and rotated
 *       away between two polls (two rotations in one interval) is found among the rotated siblings
 *       and read whole, before the new file is read from 0.
 *   <li><b>copytruncate</b>: same inode, but shorter than the offset, or its first or last-read
 *       bytes changed. The unread rest is read from the rotated copy whose first bytes are the
 *       file's ({@code .1}, {@code .1.gz}, dated names), from the saved offset; then the truncated
 *       file from 0. No copy found: the loss is reported, never silent.
 *   <li><b>restart</b>: {@link #checkpoint} gives the offset after the last complete line and the
 *       file's identity; a tailer created with that entry resumes there - and when the file was
 *       rotated or truncated meanwhile, finishes it from its rotated copy.
 *   <li>a file missing at start is waited for and then read from its start.
 * </ul>
 *
 * Not thread-safe: one tailer thread polls all files.
 */
final class FileTailer implements AutoCloseable {
  /** What the tailer tells its owner; all calls come from the tailer thread. */
  interface Events extends LineAssembler.Listener {
    void bytesRead(long count);

    void rotated();

    void truncated();

    void present(boolean present);

    /** The unread rest of a rotated or truncated file was read from {@code sibling}. */
    default void recovered(Path sibling, long bytes) {}

    /**
     * An unread part could not be read ({@code copy_not_found}, {@code rotated_file_not_found}).
     */
    default void lost(String reason) {}

    default void readError(IOException e) {}
  }

  private static final int CHUNK = 64 * 1024;
  private static final int FINGERPRINT = 64;

  /**
   * A file rotated away between two polls was last written after the earlier poll (mtime
   * granularity aside).
   */
  private static final long MTIME_SLACK_MILLIS = 1_000;

  private final Path path;
  private final LineAssembler assembler;
  private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
  private final byte[] fingerprint = new byte[FINGERPRINT];
  private int fingerprintLength;
  private boolean startAtEnd;
  private Positions.@Nullable Entry resumeFrom;
  private @Nullable FileChannel channel;
  private @Nullable FileStat current;
  private HeadPrint head = HeadPrint.EMPTY;
  private long position;
  private @Nullable Boolean lastPresent;

  /** Identities of the rotated siblings at the last look: history, not to be read again. */
  private Set<List<Long>> knownSiblings = Set.of();

  private long lastPollMillis;

  FileTailer(Path path, boolean startAtEnd, int maxLineBytes) {
    this(path, startAtEnd, maxLineBytes, null);
  }

  /**
   * @param resumeFrom where an earlier run stopped in this file, or null: then {@code startAtEnd}
   *     decides
   */
  FileTailer(
      Path path, boolean startAtEnd, int maxLineBytes, Positions.@Nullable Entry resumeFrom) {
    this.path = path;
    this.startAtEnd = startAtEnd;
    this.resumeFrom = resumeFrom;
    this.assembler = new LineAssembler(maxLineBytes);
  }

  Path path() {
    return path;
  }

  long position() {
    return position;
  }

  /**
   * Reads whatever is new; returns the number of bytes consumed. Never throws for I/O: reports it.
   */
  long poll(Events events) {
    long now = System.currentTimeMillis();
    FileStat stat = FileStat.of(path);
    reportPresent(stat != null, events);
    long consumed = 0;
    try {
      if (channel == null && resumeFrom != null) {
        consumed += resume(resumeFrom, stat, events);
        resumeFrom = null;
        startAtEnd = false;
      } else if (channel == null) {
        if (stat != null) {
          open(stat, startAtEnd);
          knownSiblings = siblingIdentities();
        }
        // Only the file present at start is skipped to its end; every later one is new.
        startAtEnd = false;
      } else if (stat != null && !stat.sameFile(current)) {
        // The path names another file now: finish the old one, then what was rotated in between.
        try {
          consumed += readToEnd(events);
        } catch (IOException unreadable) {
          // The old file cannot be finished; it must not keep us from following the new one.
          events.readError(unreadable);
          events.lost("rotated_copy_unreadable");
        }
        assembler.flushPartial(events);
        consumed += readRotatedSince(lastPollMillis, List.of(current, stat), events);
        closeChannel();
        events.rotated();
        open(stat, false);
      } else if (stat != null && stat.size() != position && truncatedInPlace(stat)) {
        consumed += finishFromCopy(head, position, events);
        events.truncated();
        position = 0;
        fingerprintLength = 0;
        head = HeadPrint.EMPTY;
        knownSiblings = siblingIdentities();
      }
      if (channel != null) {
        consumed += readToEnd(events);
      }
    } catch (IOException e) {
      // Keep the position: the next poll retries from where this one stopped.
      events.readError(e);
    }
    lastPollMillis = now;
    return consumed;
  }

  /**
   * Where to resume after a restart: the followed file's identity and the offset just after the
   * last complete line handed on; null before any file was opened.
   */
  Positions.@Nullable Entry checkpoint(long nowMillis) {
    if (current == null) {
      return resumeFrom;
    }
    return new Positions.Entry(
        current.device(),
        current.inode(),
        head.length(),
        head.sha256(),
        position - assembler.pendingBytes(),
        nowMillis);
  }

  private long resume(Positions.Entry e, @Nullable FileStat stat, Events events)
      throws IOException {
    if (stat != null && stat.sameFile(e.device(), e.inode())) {
      open(stat, false);
      if (head.startsWith(e.headLength(), e.headSha256()) && stat.size() >= e.offset()) {
        position = e.offset();
        if (position > 0) {
          rememberFingerprint();
        }
        knownSiblings = siblingIdentities();
        return 0; // the same file, grown or not: go on where we stopped
      }
      closeChannel(); // same inode, other content: truncated (or the inode reused) while we were
      // down
    }
    // The file we followed is no longer at the path: finish it from a rotated copy.
    long consumed = 0;
    RotatedSiblings.Sibling old = findSibling(e);
    List<FileStat> exclude = new ArrayList<>();
    if (stat != null) {
      exclude.add(stat);
    }
    if (old == null) {
      events.lost("rotated_file_not_found");
    } else {
      consumed += readSibling(old, e.offset(), events);
      exclude.add(old.stat());
    }
    knownSiblings = Set.of();
    consumed += readRotatedSince(e.savedAtMillis(), exclude, events);
    if (stat != null) {
      open(stat, false);
      events.rotated();
    }
    return consumed;
  }

  /** The rotated copy of a file that began with these bytes: by identity first, else by content. */
  private RotatedSiblings.@Nullable Sibling findSibling(Positions.Entry e) throws IOException {
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
  private long finishFromCopy(HeadPrint truncatedHead, long offset, Events events)
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
  private long readRotatedSince(long sinceMillis, List<FileStat> exclude, Events events)
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
  private long readSibling(RotatedSiblings.Sibling s, long offset, Events events) {
    long total = 0;
    try (InputStream in = RotatedSiblings.open(s, offset)) {
      byte[] buf = chunk.array();
      int n;
      while ((n = in.read(buf, 0, buf.length)) > 0) {
        assembler.feed(buf, 0, n, events);
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

  private Set<List<Long>> siblingIdentities() throws IOException {
    Set<List<Long>> ids = new HashSet<>();
    for (RotatedSiblings.Sibling s : RotatedSiblings.of(path)) {
      ids.add(identity(s.stat()));
    }
    return ids;
  }

  private static List<Long> identity(FileStat s) {
    return List.of(s.device(), s.inode());
  }

  /**
   * Same inode, but not the bytes we read: shorter than our offset, or first/last-read bytes
   * changed.
   */
  private boolean truncatedInPlace(FileStat stat) throws IOException {
    if (stat.size() < position) {
      return true;
    }
    HeadPrint now = HeadPrint.read(openChannel());
    if (!now.startsWith(head)) {
      return true;
    }
    return stat.size() > position && !fingerprintStillMatches();
  }

  private void open(FileStat stat, boolean atEnd) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new IOException(path + " is not a regular file");
    }
    channel = FileChannel.open(path, StandardOpenOption.READ);
    current = stat;
    head = HeadPrint.read(channel);
    position = atEnd ? channel.size() : 0;
    fingerprintLength = 0;
    if (atEnd && position > 0) {
      rememberFingerprint();
      if (!endsWithNewline()) {
        // We joined in the middle of a line still being written: its start is history.
        assembler.skipToNextLine();
      }
    }
  }

  /** The channel of the followed file; only called while one is open. */
  private FileChannel openChannel() {
    FileChannel c = channel;
    if (c == null) {
      throw new IllegalStateException("no file open: " + path);
    }
    return c;
  }

  private boolean endsWithNewline() throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    return openChannel().read(one, position - 1) == 1 && one.get(0) == '\n';
  }

  private long readToEnd(Events events) throws IOException {
    long total = 0;
    while (true) {
      chunk.clear();
      int n = openChannel().read(chunk, position);
      if (n <= 0) {
        break;
      }
      position += n;
      total += n;
      assembler.feed(chunk.array(), 0, n, events);
      updateFingerprint(chunk.array(), n);
    }
    if (total > 0) {
      events.bytesRead(total);
      if (!head.isFull()) {
        head = HeadPrint.read(openChannel()); // the file was shorter than a head when opened
      }
    }
    return total;
  }

  private void rememberFingerprint() throws IOException {
    int n = (int) Math.min(FINGERPRINT, position);
    ByteBuffer buf = ByteBuffer.wrap(fingerprint, 0, n);
    openChannel().read(buf, position - n);
    fingerprintLength = n;
  }

  private void updateFingerprint(byte[] data, int n) {
    if (n >= FINGERPRINT) {
      System.arraycopy(data, n - FINGERPRINT, fingerprint, 0, FINGERPRINT);
      fingerprintLength = FINGERPRINT;
      return;
    }
    int keep = Math.min(fingerprintLength, FINGERPRINT - n);
    System.arraycopy(fingerprint, fingerprintLength - keep, fingerprint, 0, keep);
    System.arraycopy(data, 0, fingerprint, keep, n);
    fingerprintLength = keep + n;
  }

  /** True when the bytes before our offset are still the ones we read last. */
  private boolean fingerprintStillMatches() throws IOException {
    if (fingerprintLength == 0) {
      return true;
    }
    byte[] now = new byte[fingerprintLength];
    int read = openChannel().read(ByteBuffer.wrap(now), position - fingerprintLength);
    return read == fingerprintLength
        && Arrays.equals(now, 0, fingerprintLength, fingerprint, 0, fingerprintLength);
  }

  private void reportPresent(boolean present, Events events) {
    if (lastPresent == null || lastPresent != present) {
      lastPresent = present;
      events.present(present);
    }
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing to recover
      }
      channel = null;
    }
  }

  @Override
  public void close() {
    closeChannel();
  }
}
