package dev.e2ee.exporter.log.pipeline;

import dev.e2ee.exporter.log.parse.RecordParser;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Cuts a stream of lines (or of byte chunks cut at a newline, see {@link LineChunks}) into batches,
 * has full ones parsed on the workers, and hands every batch back in the order its lines came. Used
 * from one thread, which both adds and takes: whatever keeps state across lines (the layout
 * detector, continuation lines, the KE-1 join) stays on that thread and sees the lines in file
 * order. Memory is bounded: a batch holds at most {@code maxLines} lines or about {@code maxChars}
 * characters (one longer line, already cut at {@code max_line_bytes}, makes a batch of its own) or
 * one chunk of at most that many bytes, and at most {@code maxInFlight} batches wait for their
 * turn. A batch that is not full when taken (the few lines of a live tail's round) is parsed on the
 * calling thread: no hand-off, no added latency.
 */
public final class ParseAhead {
  /** Room for this many lines in a new batch; a chunk's lines grow it. */
  private static final int INITIAL_LINES = 128;

  /**
   * Batches in flight beyond one per worker, so that a worker finds the next one queued while the
   * caller counts the oldest; the two sides' times per batch vary, and with one batch ahead each
   * waited for the other (with one worker: 2 in flight, 4.5 s for 5M lines; 4 in flight, 4.1 s).
   * More costs memory that outlives the unit's 4 MB young generation: 8 in flight tripled the
   * collector's time.
   */
  private static final int SLACK = 3;

  private final ParseWorkers workers;
  private final int maxLines;
  private final long maxChars;
  private final int maxInFlight;
  private final RecordStep step;
  private final ArrayDeque<LineBatch> inFlight = new ArrayDeque<>();
  private @Nullable LineBatch filling;

  public ParseAhead(ParseWorkers workers) {
    this(workers, RecordStep.NONE);
  }

  /** With {@code step} run on the workers after each record is parsed. */
  public ParseAhead(ParseWorkers workers, RecordStep step) {
    this.workers = workers;
    this.step = step;
    this.maxLines = workers.batchLines();
    this.maxChars = workers.batchChars();
    this.maxInFlight = workers.threads() + SLACK;
  }

  /**
   * Adds a line of {@code tag}'s stream; {@code copy} gives the stateless parser for a new batch
   * (asked when a batch starts, on this thread). Lines of another tag start a new batch.
   */
  public void add(String line, Object tag, Supplier<@Nullable RecordParser> copy) {
    add(line, false, false, tag, copy);
  }

  /** Adds a line the caller assembled, with how it was assembled (counted with the batch). */
  public void add(
      String line,
      boolean cut,
      boolean invalidUtf8,
      Object tag,
      Supplier<@Nullable RecordParser> copy) {
    LineBatch b = filling(tag, copy);
    b.add(line, cut, invalidUtf8);
    if (b.isFull(maxLines, maxChars)) {
      submit(b);
    }
  }

  /**
   * Adds the whole lines of {@code chunk} after the lines added so far; a worker splits and decodes
   * them. The chunk's array belongs to the batch from now on.
   */
  void addChunk(LineChunk chunk, Object tag, Supplier<@Nullable RecordParser> copy) {
    LineBatch b = filling(tag, copy);
    b.addChunk(chunk);
    submit(b);
  }

  /** Hands {@code marker} on after every line added so far (see {@link LineBatch#after}). */
  public void mark(Object marker, Object tag) {
    LineBatch b = filling(tag, () -> null);
    b.after(marker);
    submit(b);
  }

  private LineBatch filling(Object tag, Supplier<@Nullable RecordParser> copy) {
    LineBatch b = filling;
    if (b != null && !b.tag().equals(tag)) {
      submit(b);
      b = null;
    }
    if (b == null) {
      b = new LineBatch(Math.min(maxLines, INITIAL_LINES), tag, copy.get(), step);
      filling = b;
    }
    return b;
  }

  /** The most bytes a caller should hand to {@link #addChunk} at once. */
  public int chunkBytes() {
    return (int) Math.min(Integer.MAX_VALUE - 8, maxChars);
  }

  /** As many batches wait as are allowed: take one before adding more. */
  public boolean isFull() {
    return inFlight.size() >= maxInFlight;
  }

  /**
   * The oldest batch, parsed (waiting for its worker if need be); the one being filled, parsed
   * here, when none is in flight; null when no line is left.
   */
  public @Nullable LineBatch take() {
    LineBatch oldest = inFlight.poll();
    if (oldest != null) {
      oldest.awaitParsed(workers.spinNanos());
      return oldest;
    }
    LineBatch b = filling;
    filling = null;
    if (b != null) {
      b.parse();
    }
    return b;
  }

  private void submit(LineBatch b) {
    filling = null;
    workers.submit(b);
    inFlight.add(b);
  }
}
