package dev.e2ee.exporter.log;

import dev.e2ee.exporter.support.ErrorText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exporter per positions file: an OS lock on a sibling {@code <positions>.lock} for as long as
 * the log is tailed. Two exporters sharing a positions file would resume at each other's offsets
 * and overwrite each other's saves, silently (Filebeat refuses a locked data path the same way).
 * The lock is the kernel's (fcntl), so it goes with the process however it ends - no stale lock to
 * clean up; the file itself stays and only carries the holder's pid for the refusal message.
 */
final class PositionsLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PositionsLock.class);

  /** Another process (or this one, a second time) holds the lock. */
  static final class HeldElsewhere extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    HeldElsewhere(Path positions, String holder) {
      super(
          "positions file "
              + positions
              + " is in use by another exporter ("
              + holder
              + "); stop that one, or give this one its own logs.positions_file");
    }
  }

  private final @Nullable FileChannel channel;
  private final @Nullable FileLock lock;

  private PositionsLock(@Nullable FileChannel channel, @Nullable FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static Path lockFileOf(Path positions) {
    return positions.resolveSibling(positions.getFileName() + ".lock");
  }

  /**
   * Takes the lock for {@code positions}; throws {@link HeldElsewhere} when another exporter holds
   * it. When the lock file cannot even be opened (a read-only directory), the positions cannot be
   * saved either: that is warned about where saving fails, and this returns a lock that holds
   * nothing.
   */
  static PositionsLock acquire(Path positions) {
    Path file = lockFileOf(positions);
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn(
          "cannot open {} ({}): a second exporter with the same positions file would not be"
              + " noticed",
          file,
          ErrorText.describe(e));
      return new PositionsLock(null, null);
    }
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameProcess) {
        lock = null; // held by this very process, by another exporter in it
      }
      if (lock == null) {
        String holder = holder(file);
        channel.close();
        throw new HeldElsewhere(positions, holder);
      }
      writePid(channel);
      return new PositionsLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      LOG.warn(
          "cannot lock {} ({}): a second exporter with the same positions file would not be"
              + " noticed",
          file,
          ErrorText.describe(e));
      return new PositionsLock(null, null);
    }
  }

  private static void writePid(FileChannel channel) throws IOException {
    byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(pid), 0);
    channel.force(false);
  }

  /** "pid N" from the lock file, or words saying it is not known (the holder may be starting). */
  private static String holder(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return text.matches("\\d{1,10}") ? "pid " + text : "pid unknown";
    } catch (IOException e) {
      return "pid unknown";
    }
  }

  boolean held() {
    return lock != null;
  }

  @Override
  public void close() {
    FileChannel c = channel;
    if (c != null) {
      closeQuietly(c); // closing the channel releases the lock
    }
  }

  private static void closeQuietly(FileChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // the process ends soon after; the kernel drops the lock with it
    }
  }
}
