package dev.e2ee.exporter.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * The last bytes read before a tailer's offset, kept so that a file overwritten in place (same
 * inode, same or larger size, other bytes) is told from one that only grew.
 */
final class TailFingerprint {
  private static final int LENGTH = 64;

  private final byte[] bytes = new byte[LENGTH];
  private int length;

  /** Forgets the bytes: a new file, or one truncated to 0. */
  void clear() {
    length = 0;
  }

  /** Reads the bytes just before {@code position} from the file. */
  void remember(FileChannel channel, long position) throws IOException {
    int n = (int) Math.min(LENGTH, position);
    ByteBuffer buf = ByteBuffer.wrap(bytes, 0, n);
    channel.read(buf, position - n);
    length = n;
  }

  /** Keeps the last bytes of a chunk just read (its first {@code n} bytes). */
  void update(byte[] data, int n) {
    if (n >= LENGTH) {
      System.arraycopy(data, n - LENGTH, bytes, 0, LENGTH);
      length = LENGTH;
      return;
    }
    int keep = Math.min(length, LENGTH - n);
    System.arraycopy(bytes, length - keep, bytes, 0, keep);
    System.arraycopy(data, 0, bytes, keep, n);
    length = keep + n;
  }

  /** True when the bytes before {@code position} are still the ones read last. */
  boolean stillMatches(FileChannel channel, long position) throws IOException {
    if (length == 0) {
      return true;
    }
    byte[] now = new byte[length];
    int read = channel.read(ByteBuffer.wrap(now), position - length);
    return read == length && Arrays.equals(now, 0, length, bytes, 0, length);
  }
}
