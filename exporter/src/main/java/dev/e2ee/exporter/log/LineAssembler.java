package dev.e2ee.exporter.log;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of one file into lines. A line is held until its newline arrives (a partial last
 * line is never emitted early), is cut at {@code maxLineBytes} with the rest discarded up to the
 * next newline, and is decoded as UTF-8 with invalid sequences replaced - each of those cases
 * reported to the {@link Listener} so it can be counted.
 */
public final class LineAssembler {
  public interface Listener {
    /**
     * A complete line; {@code cut} when it was longer than the cap, {@code invalidUtf8} when bytes
     * were replaced.
     */
    void line(String line, boolean cut, boolean invalidUtf8);
  }

  private final int maxLineBytes;
  private final CharsetDecoder strict =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  // Grows on demand up to the cap, so a sidecar tailing short lines stays small.
  private byte[] grown;
  private int length;
  private boolean cutting;
  private boolean skippingToNewline;

  /**
   * Bytes consumed since the last newline (also those cut off a long line): the unfinished line.
   */
  private long sinceNewline;

  public LineAssembler(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
    this.grown = new byte[Math.min(maxLineBytes, 8192)];
  }

  public int maxLineBytes() {
    return maxLineBytes;
  }

  /** Consumes {@code count} bytes from {@code data}; emits every line completed by them. */
  public void feed(byte[] data, int offset, int count, Listener listener) {
    int end = offset + count;
    int start = offset;
    if (skippingToNewline) {
      while (start < end && data[start] != '\n') {
        start++;
      }
      if (start == end) {
        sinceNewline += count;
        return;
      }
      skippingToNewline = false;
      start++;
      sinceNewline = 0;
    }
    for (int i = Newlines.next(data, start, end); i >= 0; i = Newlines.next(data, start, end)) {
      if (length == 0 && !cutting && i - start <= maxLineBytes) {
        // The whole line is in data: decoded from there, not copied into grown first.
        emit(data, start, i - start, false, listener);
      } else {
        append(data, start, i - start);
        emit(listener);
      }
      sinceNewline = 0;
      start = i + 1;
    }
    sinceNewline += end - start;
    append(data, start, end - start);
  }

  /**
   * Bytes consumed since the last complete line was handed on: a restart that resumes at (offset
   * read - this) reads the unfinished line again, whole, and no complete line twice.
   */
  public long pendingBytes() {
    return sinceNewline;
  }

  /**
   * True when the next byte fed starts a line: nothing of a line is held, cut or being skipped. A
   * fresh assembler fed bytes from here gives the lines this one would.
   */
  public boolean atLineStart() {
    return sinceNewline == 0 && !skippingToNewline;
  }

  /** True when bytes of an unterminated line are held. */
  boolean hasPartialLine() {
    return length > 0 || cutting;
  }

  /** Emits the held partial line as a line of its own (the file it came from is gone). */
  public void flushPartial(Listener listener) {
    if (hasPartialLine()) {
      emit(listener);
    }
    sinceNewline = 0;
    skippingToNewline = false;
  }

  /** Discards input up to and including the next newline: the rest of a line we joined midway. */
  void skipToNextLine() {
    discardPartial();
    skippingToNewline = true;
  }

  /** Drops the held partial line (its file was truncated under it). */
  public void discardPartial() {
    length = 0;
    cutting = false;
    skippingToNewline = false;
    sinceNewline = 0;
  }

  private void append(byte[] data, int from, int count) {
    if (count <= 0) {
      return;
    }
    int room = maxLineBytes - length;
    if (count > room) {
      cutting = true;
      count = Math.max(0, room);
    }
    if (count == 0) {
      return;
    }
    if (length + count > grown.length) {
      byte[] bigger = new byte[Math.min(maxLineBytes, Math.max(grown.length * 2, length + count))];
      System.arraycopy(grown, 0, bigger, 0, length);
      grown = bigger;
    }
    System.arraycopy(data, from, grown, length, count);
    length += count;
  }

  private void emit(Listener listener) {
    int n = length;
    boolean cut = cutting;
    length = 0;
    cutting = false;
    if (cut) {
      // Do not end a cut line in the middle of a UTF-8 sequence.
      int back = n;
      while (back > 0 && (grown[back - 1] & 0xC0) == 0x80) {
        back--;
      }
      if (back > 0 && (grown[back - 1] & 0xC0) == 0xC0) {
        n = back - 1;
      }
    }
    emit(grown, 0, n, cut, listener);
  }

  /** Hands on the line in {@code bytes[from, from + n)}, its CR (if not cut) dropped. */
  private void emit(byte[] bytes, int from, int n, boolean cut, Listener listener) {
    if (!cut && n > 0 && bytes[from + n - 1] == '\r') {
      n--; // CRLF from a Windows-edited or relayed file
    }
    // The JDK's UTF-8 constructor checks for non-ASCII bytes with a vectorised intrinsic and
    // copies plain ASCII straight through; it replaces bad sequences with U+FFFD, so only a line
    // that contains U+FFFD is decoded again strictly to tell a replaced byte from a real U+FFFD.
    String line = new String(bytes, from, n, StandardCharsets.UTF_8);
    boolean invalid = false;
    if (line.indexOf('\uFFFD') >= 0) {
      try {
        strict.decode(ByteBuffer.wrap(bytes, from, n));
      } catch (CharacterCodingException e) {
        invalid = true;
      }
    }
    listener.line(line, cut, invalid);
  }

  int heldBytes() {
    return length;
  }
}
