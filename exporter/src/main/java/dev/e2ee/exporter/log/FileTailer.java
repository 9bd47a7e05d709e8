package dev.e2ee.exporter.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
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
  private static final int CHUNK = 64 * 1024;
  private final Path path;
  private final LineAssembler assembler;
  private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
  private final TailFingerprint fingerprint = new TailFingerprint();
  private final RotationRecovery recovery;
  private boolean startAtEnd;
  private Positions.@Nullable Entry resumeFrom;
  private @Nullable FileChannel channel;
  private @Nullable FileStat current;
  private HeadPrint head = HeadPrint.EMPTY;
  private long position;
  private @Nullable Boolean lastPresent;

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
    this.recovery = new RotationRecovery(path, assembler, chunk.array());
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
  long poll(TailEvents events) {
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
          recovery.rememberSiblings();
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
        consumed +=
            recovery.readRotatedSince(lastPollMillis, List.of(current, stat), current, events);
        closeChannel();
        events.rotated();
        open(stat, false);
      } else if (stat != null && stat.size() != position && truncatedInPlace(stat)) {
        consumed += recovery.finishFromCopy(head, position, current, events);
        events.truncated();
        position = 0;
        fingerprint.clear();
        head = HeadPrint.EMPTY;
        recovery.rememberSiblings();
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

  private long resume(Positions.Entry e, @Nullable FileStat stat, TailEvents events)
      throws IOException {
    if (stat != null && stat.sameFile(e.device(), e.inode())) {
      open(stat, false);
      if (head.startsWith(e.headLength(), e.headSha256()) && stat.size() >= e.offset()) {
        position = e.offset();
        if (position > 0) {
          fingerprint.remember(openChannel(), position);
        }
        recovery.rememberSiblings();
        return 0; // the same file, grown or not: go on where we stopped
      }
      closeChannel(); // same inode, other content: truncated (or the inode reused) while we were
      // down
    }
    // The file we followed is no longer at the path: finish it from a rotated copy.
    long consumed = 0;
    RotatedSiblings.Sibling old = recovery.findSibling(e);
    List<FileStat> exclude = new ArrayList<>();
    if (stat != null) {
      exclude.add(stat);
    }
    if (old == null) {
      events.lost("rotated_file_not_found");
    } else {
      consumed += recovery.readSibling(old, e.offset(), events);
      exclude.add(old.stat());
    }
    recovery.forgetSiblings();
    consumed += recovery.readRotatedSince(e.savedAtMillis(), exclude, current, events);
    if (stat != null) {
      open(stat, false);
      events.rotated();
    }
    return consumed;
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
    return stat.size() > position && !fingerprint.stillMatches(openChannel(), position);
  }

  private void open(FileStat stat, boolean atEnd) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new IOException(path + " is not a regular file");
    }
    channel = FileChannel.open(path, StandardOpenOption.READ);
    current = stat;
    head = HeadPrint.read(channel);
    position = atEnd ? channel.size() : 0;
    fingerprint.clear();
    if (atEnd && position > 0) {
      fingerprint.remember(openChannel(), position);
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

  private long readToEnd(TailEvents events) throws IOException {
    TailEvents.ReadBytes out = events.readBytes();
    long total = 0;
    while (true) {
      int n;
      if (out == null) {
        chunk.clear();
        n = openChannel().read(chunk, position);
        if (n > 0) {
          assembler.feed(chunk.array(), 0, n, events);
          fingerprint.update(chunk.array(), n);
        }
      } else {
        // Never this tailer's own array: rotation recovery reads into that one.
        byte[] data = out.buffer();
        n = Math.max(0, openChannel().read(ByteBuffer.wrap(data), position));
        fingerprint.update(data, n);
        out.accept(data, n, assembler);
      }
      if (n <= 0) {
        break;
      }
      position += n;
      total += n;
    }
    if (total > 0) {
      events.bytesRead(total);
      if (!head.isFull()) {
        head = HeadPrint.read(openChannel()); // the file was shorter than a head when opened
      }
    }
    return total;
  }

  private void reportPresent(boolean present, TailEvents events) {
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
