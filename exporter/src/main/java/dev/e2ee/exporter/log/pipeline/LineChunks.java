package dev.e2ee.exporter.log.pipeline;

import dev.e2ee.exporter.log.LineAssembler;
import dev.e2ee.exporter.log.Newlines;
import dev.e2ee.exporter.log.parse.RecordParser;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Cuts the bytes read from one stream at newlines, so that splitting and decoding lines happens on
 * the workers: the whole lines of each read go to a worker as one chunk, and only the line that
 * straddles two reads is assembled by the caller's {@link LineAssembler} for the stream (which
 * keeps the line cap and its counted cut across reads, and, for {@code serve}'s tailer, the bytes
 * its saved position must not count). A chunk starts at a line start, so the fresh assembler a
 * worker splits it with gives the lines, cut flags and UTF-8 checks the stream's own would.
 */
public final class LineChunks {
  private final ParseAhead ahead;

  /**
   * Arrays split already, for the next reads: a read's bytes go to a new array only until as many
   * exist as chunks are in flight, then those are reused, so reading allocates nothing per byte
   * (under the unit's 4 MB young generation, 32 KB per read was a young collection every ~100
   * reads, and arrays in flight promoted to the old generation).
   */
  private final Queue<byte[]> free = new ConcurrentLinkedQueue<>();

  public LineChunks(ParseAhead ahead) {
    this.ahead = ahead;
  }

  /** Gives back an array from {@link #buffer} whose bytes were used elsewhere. */
  public void recycle(byte[] data) {
    free.add(data);
  }

  /** An array for the next read: a chunk keeps the array it was read into until split. */
  public byte[] buffer() {
    byte[] reused = free.poll();
    return reused != null ? reused : new byte[ahead.chunkBytes()];
  }

  /**
   * Hands on the lines {@code data[0, count)} completes, in order; the unfinished one stays in
   * {@code straddling}, and what that assembler completes goes to {@code straddled}, which must add
   * it to this {@link ParseAhead} (in order, before the chunk). At the stream's end the caller
   * flushes or discards {@code straddling}. The array is this object's from now on.
   */
  public void feed(
      byte[] data,
      int count,
      LineAssembler straddling,
      LineAssembler.Listener straddled,
      Object tag,
      Supplier<@Nullable RecordParser> copy) {
    int from = 0;
    if (!straddling.atLineStart()) {
      int newline = Newlines.next(data, 0, count);
      if (newline < 0) {
        straddling.feed(data, 0, count, straddled);
        free.add(data); // copied into the straddling line
        return;
      }
      straddling.feed(data, 0, newline + 1, straddled);
      from = newline + 1;
    }
    int last = lastNewline(data, from, count);
    if (last < from) {
      if (from < count) {
        straddling.feed(data, from, count - from, straddled);
      }
      free.add(data); // every byte is copied into the straddling line by now
      return;
    }
    if (last + 1 < count) {
      // No line ends here, and the bytes are copied out before the chunk is handed on: the
      // worker may give the array back at once.
      straddling.feed(data, last + 1, count - last - 1, straddled);
    }
    ahead.addChunk(
        new LineChunk(data, from, last + 1, straddling.maxLineBytes(), free::add), tag, copy);
  }

  private static int lastNewline(byte[] data, int from, int to) {
    for (int i = to - 1; i >= from; i--) {
      if (data[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
