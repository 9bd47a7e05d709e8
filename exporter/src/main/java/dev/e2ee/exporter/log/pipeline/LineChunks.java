package dev.e2ee.exporter.log.pipeline;

import dev.e2ee.exporter.log.LineAssembler;
import dev.e2ee.exporter.log.parse.RecordParser;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Cuts the bytes read from one stream at newlines, so that splitting and decoding lines happens on
 * the workers: the whole lines of each read go to a worker as one chunk, and only the line that
 * straddles two reads is assembled here, by this stream's own {@link LineAssembler} (which keeps
 * the line cap and its counted cut across reads). A chunk starts at a line start, so the fresh
 * assembler a worker splits it with gives the lines, cut flags and UTF-8 checks this one would.
 */
public final class LineChunks {
  private final ParseAhead ahead;
  private final LineAssembler straddling;
  private final int maxLineBytes;

  public LineChunks(ParseAhead ahead, int maxLineBytes) {
    this.ahead = ahead;
    this.maxLineBytes = maxLineBytes;
    this.straddling = new LineAssembler(maxLineBytes);
  }

  /** A new array for the next read: a chunk keeps the array it was read into until parsed. */
  public byte[] buffer() {
    return new byte[ahead.chunkBytes()];
  }

  /** Hands on the lines {@code data[0, count)} completes, in order; keeps the unfinished one. */
  public void feed(byte[] data, int count, Object tag, Supplier<@Nullable RecordParser> copy) {
    LineAssembler.Listener toAhead =
        (line, cut, invalid) -> ahead.add(line, cut, invalid, tag, copy);
    int from = 0;
    if (straddling.pendingBytes() > 0) {
      int newline = indexOfNewline(data, 0, count);
      if (newline < 0) {
        straddling.feed(data, 0, count, toAhead);
        return;
      }
      straddling.feed(data, 0, newline + 1, toAhead);
      from = newline + 1;
    }
    int last = lastNewline(data, from, count);
    if (last >= from) {
      ahead.addChunk(new LineChunk(data, from, last + 1, maxLineBytes), tag, copy);
      from = last + 1;
    }
    if (from < count) {
      straddling.feed(data, from, count - from, toAhead);
    }
  }

  /** The stream ended: a last line without its newline is still a line. */
  public void end(Object tag, Supplier<@Nullable RecordParser> copy) {
    straddling.flushPartial((line, cut, invalid) -> ahead.add(line, cut, invalid, tag, copy));
  }

  /** The stream failed: its unfinished line is dropped. */
  public void discard() {
    straddling.discardPartial();
  }

  private static int indexOfNewline(byte[] data, int from, int to) {
    for (int i = from; i < to; i++) {
      if (data[i] == '\n') {
        return i;
      }
    }
    return -1;
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
