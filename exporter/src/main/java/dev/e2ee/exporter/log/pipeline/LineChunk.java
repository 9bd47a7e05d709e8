package dev.e2ee.exporter.log.pipeline;

import dev.e2ee.exporter.log.LineAssembler;

/**
 * Whole lines as read: {@code data[from, to)} starts at a line start and ends with a newline, so a
 * fresh {@link LineAssembler} with the stream's line cap splits it as the stream's own would. The
 * array is the chunk's alone (the reader reads the next bytes into a new one).
 */
final class LineChunk {
  private final byte[] data;
  private final int from;
  private final int to;
  private final int maxLineBytes;

  LineChunk(byte[] data, int from, int to, int maxLineBytes) {
    this.data = data;
    this.from = from;
    this.to = to;
    this.maxLineBytes = maxLineBytes;
  }

  /** Hands every line of the chunk to {@code listener}, in order. */
  void split(LineAssembler.Listener listener) {
    new LineAssembler(maxLineBytes).feed(data, from, to - from, listener);
  }
}
