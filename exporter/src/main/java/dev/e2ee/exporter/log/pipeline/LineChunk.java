package dev.e2ee.exporter.log.pipeline;

import dev.e2ee.exporter.log.LineAssembler;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Whole lines as read: {@code data[from, to)} starts at a line start and ends with a newline, so a
 * {@link LineAssembler} holding no partial line, with the stream's line cap, splits it as the
 * stream's own would. The array is the chunk's alone (the reader reads the next bytes into a new
 * one).
 */
final class LineChunk {
  /**
   * One assembler per worker thread: a chunk ends with a newline, so the assembler holds nothing
   * between chunks, and its buffer (grown to the longest line it met) is not allocated per chunk.
   */
  private static final ThreadLocal<@Nullable LineAssembler> ASSEMBLERS = new ThreadLocal<>();

  private final byte[] data;
  private final int from;
  private final int to;
  private final int maxLineBytes;
  private final Consumer<byte[]> done;

  /** {@code done} is given the array back once the lines are split out of it, for the next read. */
  LineChunk(byte[] data, int from, int to, int maxLineBytes, Consumer<byte[]> done) {
    this.data = data;
    this.from = from;
    this.to = to;
    this.maxLineBytes = maxLineBytes;
    this.done = done;
  }

  /** Hands every line of the chunk to {@code listener}, in order. */
  void split(LineAssembler.Listener listener) {
    LineAssembler assembler = ASSEMBLERS.get();
    if (assembler == null || assembler.maxLineBytes() != maxLineBytes) {
      assembler = new LineAssembler(maxLineBytes);
      ASSEMBLERS.set(assembler);
    }
    assembler.discardPartial(); // nothing is held after a chunk; after a failed one, not either
    assembler.feed(data, from, to - from, listener);
    done.accept(data);
  }
}
