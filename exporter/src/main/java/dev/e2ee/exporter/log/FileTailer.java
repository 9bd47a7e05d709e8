package dev.e2ee.exporter.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;

/**
 * Follows one log file by path, the way {@code tail -F} does, without losing or repeating
 * a line:
 *
 * <ul>
 *   <li><b>rename + create</b> (Synapse's TimedRotatingFileHandler at midnight), <b>delete +
 *       re-create</b>, and a new file that has already grown past the old offset: the path
 *       now names another file (another inode), so the old file is read to its end and the
 *       new one from its start. Size alone cannot see the last case.</li>
 *   <li><b>copytruncate</b>: same inode, but the file is shorter than our offset, or the
 *       bytes just before our offset are no longer the ones we read (truncated and regrown
 *       between two checks): read from the start again.</li>
 *   <li>a file missing at start is waited for and then read from its start.</li>
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
  }

  private static final int CHUNK = 64 * 1024;
  private static final int FINGERPRINT = 64;

  private final Path path;
  private final LineAssembler assembler;
  private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
  private final byte[] fingerprint = new byte[FINGERPRINT];
  private int fingerprintLength;
  private boolean startAtEnd;
  private FileChannel channel;
  private Object fileKey;
  private long position;
  private Boolean lastPresent;

  FileTailer(Path path, boolean startAtEnd, int maxLineBytes) {
    this.path = path;
    this.startAtEnd = startAtEnd;
    this.assembler = new LineAssembler(maxLineBytes);
  }

  Path path() {
    return path;
  }

  long position() {
    return position;
  }

  /** Reads whatever is new; returns the number of bytes consumed. Never throws for I/O. */
  long poll(Events events) {
    BasicFileAttributes attrs = attributes();
    reportPresent(attrs != null, events);
    long consumed = 0;
    try {
      if (channel == null) {
        if (attrs == null) {
          startAtEnd = false; // whatever appears at this path from now on is new
          return 0;
        }
        open(attrs, startAtEnd);
        // Only the file present at start is skipped to its end; every later one is new.
        startAtEnd = false;
      } else if (attrs != null && !Objects.equals(attrs.fileKey(), fileKey)) {
        // The path names another file now: finish the old one, then start the new one.
        consumed += readToEnd(events);
        assembler.flushPartial(events);
        closeChannel();
        events.rotated();
        open(attrs, false);
      } else if (attrs != null
          && (attrs.size() < position || attrs.size() > position && !fingerprintStillMatches())) {
        assembler.discardPartial();
        position = 0;
        fingerprintLength = 0;
        events.truncated();
      }
      consumed += readToEnd(events);
    } catch (IOException e) {
      // A file that vanished mid-read, or a permission change: the next poll starts over.
      closeChannel();
    }
    return consumed;
  }

  private void open(BasicFileAttributes attrs, boolean atEnd) throws IOException {
    channel = FileChannel.open(path, StandardOpenOption.READ);
    fileKey = attrs.fileKey();
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

  private boolean endsWithNewline() throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    return channel.read(one, position - 1) == 1 && one.get(0) == '\n';
  }

  private long readToEnd(Events events) throws IOException {
    long total = 0;
    while (true) {
      chunk.clear();
      int n = channel.read(chunk, position);
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
    }
    return total;
  }

  private void rememberFingerprint() throws IOException {
    int n = (int) Math.min(FINGERPRINT, position);
    ByteBuffer buf = ByteBuffer.wrap(fingerprint, 0, n);
    channel.read(buf, position - n);
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
    int read = channel.read(ByteBuffer.wrap(now), position - fingerprintLength);
    return read == fingerprintLength && Arrays.equals(now, 0, fingerprintLength, fingerprint, 0, fingerprintLength);
  }

  private BasicFileAttributes attributes() {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
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
      fileKey = null;
    }
  }

  @Override
  public void close() {
    closeChannel();
  }
}
