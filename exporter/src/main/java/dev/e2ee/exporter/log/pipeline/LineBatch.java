package dev.e2ee.exporter.log.pipeline;

import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.RecordParser;
import org.jspecify.annotations.Nullable;

/**
 * Consecutive lines of one stream (one file, or one input of replay), parsed ahead on a worker
 * thread with a stateless copy of the stream's layout parser. What the worker found is a guess
 * until the stream's own parser, in file order, adopts it ({@link #outcome}): a line whose answer
 * could depend on what came before (another layout, a line the copy failed on) is parsed there
 * again, so the result is the sequential one by construction.
 */
public final class LineBatch {
  private final String[] lines;
  private final LogRecord[] records;
  private final @Nullable ParseOutcome[] parsed;
  private final Object tag;
  private final @Nullable RecordParser copy;
  private final @Nullable String parsedAs;
  private int size;
  private long chars;

  /**
   * @param tag what the lines belong to (a file label, an input), handed back with them
   * @param copy a stateless parser given to this batch alone, or null to leave every line to the
   *     stream's own parser
   */
  LineBatch(int capacity, Object tag, @Nullable RecordParser copy) {
    this.lines = new String[capacity];
    this.records = new LogRecord[capacity];
    this.parsed = new ParseOutcome[capacity];
    this.tag = tag;
    this.copy = copy;
    this.parsedAs = copy == null ? null : copy.layout();
  }

  /** Adds a line; the caller checks {@link #isFull} first. */
  void add(String line) {
    lines[size++] = line;
    chars += line.length();
  }

  boolean isFull(long maxChars) {
    return size == lines.length || chars >= maxChars;
  }

  /** Runs on a worker: every line through the copy; a line it throws on is left for later. */
  void parse() {
    RecordParser p = copy;
    for (int i = 0; i < size; i++) {
      LogRecord r = new LogRecord();
      records[i] = r;
      if (p != null) {
        try {
          parsed[i] = p.parse(lines[i], r);
        } catch (RuntimeException e) {
          parsed[i] = null; // parsed again in order, where a failure is reported as before
        }
      }
    }
  }

  public int size() {
    return size;
  }

  public Object tag() {
    return tag;
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
   * Line {@code i}'s outcome as the stream's parser gives it: the worker's when that parser adopts
   * it, else parsed now into {@link #record}. Called once per line, in order, on one thread.
   */
  public ParseOutcome outcome(int i, RecordParser own) {
    ParseOutcome guess = parsed[i];
    return guess == null
        ? own.parse(lines[i], records[i])
        : own.parseOrAdopt(lines[i], records[i], parsedAs, guess);
  }
}
