package dev.e2ee.exporter.replay;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * One input of {@code replay}: a file, plain or gzip (told by its first two bytes, not its name),
 * or standard input for {@code -}.
 */
record ReplayFile(String name, Path path) {
  static final String STDIN = "-";
  private static final int BUFFER = 1 << 16;

  static ReplayFile of(String argument) {
    return new ReplayFile(argument, Path.of(argument));
  }

  boolean isStdin() {
    return STDIN.equals(name);
  }

  /** Bytes on disk (compressed for .gz), or -1 when not known (stdin). */
  long size() {
    if (isStdin()) {
      return -1;
    }
    try {
      return Files.size(path);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Bytes on disk of all of {@code files}, or -1 when one of them has no known size. */
  static long totalSize(List<ReplayFile> files) {
    long total = 0;
    for (ReplayFile f : files) {
      long size = f.size();
      if (size < 0) {
        return -1;
      }
      total += size;
    }
    return total;
  }

  /**
   * The decompressed content; {@code counter} is told of every byte read from the disk or pipe
   * (compressed bytes for .gz), which is what a progress line can compare with {@link #size()}.
   */
  InputStream open(ByteCounter counter) throws IOException {
    InputStream raw = isStdin() ? System.in : Files.newInputStream(path);
    BufferedInputStream buffered = new BufferedInputStream(new Counting(raw, counter), BUFFER);
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    if (first == 0x1f && second == 0x8b) {
      return new GZIPInputStream(buffered, BUFFER);
    }
    return buffered;
  }

  /** Told how many bytes were read from the input. */
  @FunctionalInterface
  interface ByteCounter {
    void add(long bytes);
  }

  private static final class Counting extends FilterInputStream {
    private final ByteCounter counter;

    Counting(InputStream in, ByteCounter counter) {
      super(in);
      this.counter = counter;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counter.add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        counter.add(n);
      }
      return n;
    }
  }
}
