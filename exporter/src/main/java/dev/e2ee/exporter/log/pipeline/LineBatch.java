package dev.e2ee.exporter.log.pipeline;

import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.RecordParser;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Consecutive lines of one stream (one file, or one input of replay), parsed ahead on a worker
 * thread with a stateless copy of the stream's layout parser. The lines come as strings already
 * assembled by the reader, then optionally as a chunk of raw bytes that starts at a line start and
 * ends with a newline ({@link LineChunk}), which the worker splits and decodes with a fresh
 * assembler (the same lines, cut flags and UTF-8 checks the reader's own would give). What the
 * worker found is a guess until the stream's own parser, in file order, adopts it ({@link
 * #outcome}): a line whose answer could depend on what came before (another layout, a line the copy
 * failed on) is parsed there again, so the result is the sequential one by construction.
 */
public final class LineBatch {
  private String[] lines;
  private LogRecord[] records;
  private @Nullable ParseOutcome[] parsed;
  private @Nullable Object[] facts;
  private final Object tag;
  private final @Nullable RecordParser copy;
  private final @Nullable String parsedAs;
  private final RecordStep step;
  private int size;
  private long chars;
  private int cutLines;
  private int invalidUtf8Lines;
  private int splitLines;
  private @Nullable LineChunk chunk;
  private @Nullable Object after;
  private volatile boolean parsedAhead;
  private volatile @Nullable Thread waiter;
  private volatile @Nullable Throwable failure;

  /**
   * @param tag what the lines belong to (a file label, an input), handed back with them
   * @param copy a stateless parser given to this batch alone, or null to leave every line to the
   *     stream's own parser
   * @param step what else is worked out ahead from each record the copy parsed
   */
  LineBatch(int capacity, Object tag, @Nullable RecordParser copy, RecordStep step) {
    int n = Math.max(1, capacity);
    this.lines = new String[n];
    this.records = new LogRecord[n];
    this.parsed = new ParseOutcome[n];
    this.facts = new Object[n];
    this.tag = tag;
    this.copy = copy;
    this.parsedAs = copy == null ? null : copy.layout();
    this.step = step;
  }

  /** Adds a line; the caller checks {@link #isFull} first. */
  void add(String line) {
    if (size == lines.length) {
      grow();
    }
    lines[size++] = line;
    chars += line.length();
  }

  /** Adds a line assembled by the reader, counting how it was assembled. */
  void add(String line, boolean cut, boolean invalidUtf8) {
    add(line);
    cutLines += cut ? 1 : 0;
    invalidUtf8Lines += invalidUtf8 ? 1 : 0;
  }

  /** Ends the batch with whole lines to be split on the worker. */
  void addChunk(LineChunk lines) {
    this.chunk = lines;
  }

  /** Something the reader hands on after this batch's lines (an input's read error). */
  void after(Object marker) {
    this.after = marker;
  }

  boolean isFull(int maxLines, long maxChars) {
    return size >= maxLines || chars >= maxChars;
  }

  boolean isEmpty() {
    return size == 0 && chunk == null && after == null;
  }

  private void grow() {
    int n = lines.length * 2;
    lines = Arrays.copyOf(lines, n);
    records = Arrays.copyOf(records, n);
    parsed = Arrays.copyOf(parsed, n);
    facts = Arrays.copyOf(facts, n);
  }

  /**
   * Runs on a worker: the chunk split into lines, then every line through the copy; a line it
   * throws on is left for later.
   */
  void parse() {
    LineChunk whole = chunk;
    if (whole != null) {
      chunk = null; // its array is garbage once split
      int before = size;
      whole.split(this::add);
      splitLines = size - before;
    }
    RecordParser p = copy;
    for (int i = 0; i < size; i++) {
      LogRecord r = new LogRecord();
      records[i] = r;
      if (p != null) {
        try {
          ParseOutcome outcome = p.parse(lines[i], r);
          parsed[i] = outcome;
          if (outcome == ParseOutcome.RECORD) {
            facts[i] = step.of(r);
          }
        } catch (RuntimeException e) {
          parsed[i] = null; // parsed again in order, where a failure is reported as before
          facts[i] = null;
        }
      }
    }
  }

  /** On a worker: {@link #parse}, then the batch is handed back to whoever waits for it. */
  void parseAndPublish() {
    try {
      parse();
    } catch (RuntimeException | Error e) {
      failure = e;
    } finally {
      parsedAhead = true;
      Thread w = waiter;
      if (w != null) {
        LockSupport.unpark(w);
      }
    }
  }

  /**
   * Waits until a worker has parsed this batch: looking again for {@code spinNanos} first, since it
   * is usually microseconds away (see {@link ParseWorkers}), then asleep until the worker wakes
   * this thread. An interrupt is kept for the caller rather than losing the batch's lines.
   */
  void awaitParsed(long spinNanos) {
    if (!parsedAhead) {
      long until = System.nanoTime() + spinNanos;
      while (!parsedAhead && System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      boolean interrupted = false;
      if (!parsedAhead) {
        waiter = Thread.currentThread();
        while (!parsedAhead) {
          LockSupport.park(this);
          interrupted |= Thread.interrupted();
        }
        waiter = null;
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    Throwable f = failure;
    if (f != null) {
      // parse() catches what a parser throws per line; anything else is a bug to surface.
      throw new IllegalStateException("parsing ahead failed", f);
    }
  }

  public int size() {
    return size;
  }

  public Object tag() {
    return tag;
  }

  /** Lines the worker split out of the batch's chunk (none before it is parsed). */
  public int splitLines() {
    return splitLines;
  }

  /** Lines the reader or the worker cut at the line cap. */
  public int cutLines() {
    return cutLines;
  }

  /** Lines in which bytes that were not UTF-8 were replaced. */
  public int invalidUtf8Lines() {
    return invalidUtf8Lines;
  }

  /** What the reader handed on after these lines, or null. */
  public @Nullable Object after() {
    return after;
  }

  public String line(int i) {
    return lines[i];
  }

  /** The record line {@code i} was parsed into (valid when {@link #outcome} says RECORD). */
  public LogRecord record(int i) {
    return records[i];
  }

  /** The layout the worker parsed with, or null when the lines were not parsed ahead. */
  public @Nullable String parsedAs() {
    return parsedAs;
  }

  /** What the worker found for line {@code i}; null when it did not parse it. */
  public @Nullable ParseOutcome guess(int i) {
    return parsed[i];
  }

  /**
   * What the {@link RecordStep} worked out from line {@code i}'s record: valid only when the
   * stream's parser adopted the worker's parse ({@link #outcome} clears it otherwise).
   */
  public @Nullable Object facts(int i) {
    return facts[i];
  }

  /**
   * Line {@code i}'s outcome as the stream's parser gives it: the worker's when that parser adopts
   * it, else parsed now into {@link #record} (and the worker's facts dropped). Called once per
   * line, in order, on one thread.
   */
  public ParseOutcome outcome(int i, RecordParser own) {
    ParseOutcome guess = parsed[i];
    String as = parsedAs;
    if (guess != null && as != null && own.adopt(as, guess)) {
      return guess;
    }
    facts[i] = null;
    return own.parse(lines[i], records[i]);
  }
}
