package dev.e2ee.exporter.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the next {@code '\n'} in a byte array eight bytes at a time: a log line is ~300 bytes, and
 * looking at them one by one was the largest single cost of reading a backlog (a fifth of the
 * reading thread's samples). Each step reads a little-endian long and tests all eight bytes at once
 * with the has-zero-byte formula on {@code word ^ 0x0A0A...}; its lowest flagged byte is always a
 * real newline (only bytes above the first match can be flagged falsely), so the answer is exact.
 */
public final class Newlines {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private Newlines() {}

  /** The index of the first {@code '\n'} in {@code data[from, to)}, or -1. */
  public static int next(byte[] data, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long x = (long) LONGS.get(data, i) ^ NEWLINES;
      long found = (x - ONES) & ~x & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (data[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
