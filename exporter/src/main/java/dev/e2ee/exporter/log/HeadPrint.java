package dev.e2ee.exporter.log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The first bytes of a file: what tells a rotated copy of a file (copytruncate's {@code .1}, also
 * gzipped) from any other file, and an inode reused by a new file from the old one. A Synapse log
 * starts with a timestamped line, so {@value #LENGTH} bytes tell files apart. Kept as the bytes in
 * memory, and as length + SHA-256 in the positions file.
 */
final class HeadPrint {
  static final int LENGTH = 256;

  private final byte[] bytes;

  private HeadPrint(byte[] bytes) {
    this.bytes = bytes;
  }

  static final HeadPrint EMPTY = new HeadPrint(new byte[0]);

  /** The first up to {@value #LENGTH} bytes of the file behind {@code channel}. */
  static HeadPrint read(FileChannel channel) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(LENGTH);
    long at = 0;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, at);
      if (n <= 0) {
        break;
      }
      at += n;
    }
    return new HeadPrint(Arrays.copyOf(buf.array(), buf.position()));
  }

  /** The first {@code length} bytes of a stream (a decompressed .gz), or fewer if it is shorter. */
  static HeadPrint read(InputStream in, int length) throws IOException {
    return new HeadPrint(in.readNBytes(length));
  }

  int length() {
    return bytes.length;
  }

  boolean isFull() {
    return bytes.length == LENGTH;
  }

  /**
   * This file began with the bytes {@code earlier} saw: the same file, grown since, or its copy.
   */
  boolean startsWith(HeadPrint earlier) {
    return earlier.bytes.length <= bytes.length
        && Arrays.equals(bytes, 0, earlier.bytes.length, earlier.bytes, 0, earlier.bytes.length);
  }

  /** Matches a head saved in the positions file as its length and hash. */
  boolean startsWith(int length, String sha256) {
    return length <= bytes.length && sha256(Arrays.copyOf(bytes, length)).equals(sha256);
  }

  String sha256() {
    return sha256(bytes);
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
