package dev.e2ee.exporter.log.pipeline;

import dev.e2ee.exporter.log.LineAssembler;
import dev.e2ee.exporter.log.LineSink;
import dev.e2ee.exporter.log.WholeReads;
import java.util.HashMap;
import java.util.Map;

/**
 * Sits between the tailer and the log program in {@code serve}: a backlog (a start from the
 * beginning, a resume after downtime, a rotated file read whole) arrives as many full reads in one
 * polling round, which the workers split into lines and parse ({@link #wholeReads}); the round's
 * end hands every line on, in order, before the program's tick. A live tail's few lines per round
 * never fill a read or a batch and are parsed on the tailer thread as before.
 */
public final class ParallelSink implements LineSink {
  private final ParsedLineSink program;
  private final ParseAhead ahead;
  private final Reads reads;

  public ParallelSink(ParsedLineSink program, ParseWorkers workers) {
    this.program = program;
    this.ahead = new ParseAhead(workers, program.recordStep());
    this.reads = new Reads(new LineChunks(ahead));
  }

  /**
   * A backlog's reads as bytes: a read that fills its array goes to a worker, which splits and
   * decodes its whole lines as well as parsing them (what {@code replay} does with its inputs). A
   * read that does not fill it - a live tail's few lines - is assembled on the tailer thread as
   * before.
   */
  @Override
  public WholeReads wholeReads() {
    return reads;
  }

  @Override
  public void accept(String source, String line) {
    ahead.add(line, source, () -> program.statelessParserFor(source));
    if (ahead.isFull()) {
      LineBatch b = ahead.take();
      if (b != null) {
        deliver(b);
      }
    }
  }

  @Override
  public void tick(long nowMillis) {
    flush();
    program.tick(nowMillis);
  }

  /** Hands on every line added so far. */
  public void flush() {
    for (LineBatch b = ahead.take(); b != null; b = ahead.take()) {
      deliver(b);
    }
  }

  private void deliver(LineBatch b) {
    String source = (String) b.tag();
    if (b.splitLines() > 0) {
      reads.counted(source, b);
    }
    for (int i = 0; i < b.size(); i++) {
      program.accept(source, b.line(i), b.parsedAs(), b.guess(i), b.record(i), b.facts(i));
    }
  }

  /** The whole reads of every file, cut at newlines by one {@link LineChunks}. */
  private final class Reads implements WholeReads {
    /** Who counts the lines split out of each file's reads (its tailer's events). */
    private final Map<String, SplitLines> counters = new HashMap<>();

    private final LineChunks chunks;

    Reads(LineChunks chunks) {
      this.chunks = chunks;
    }

    @Override
    public byte[] buffer() {
      return chunks.buffer();
    }

    @Override
    public void accept(
        String source,
        byte[] data,
        int count,
        LineAssembler straddling,
        LineAssembler.Listener straddled,
        SplitLines split) {
      if (count < data.length) {
        straddling.feed(data, 0, count, straddled);
        chunks.recycle(data);
        return;
      }
      counters.put(source, split);
      chunks.feed(
          data, count, straddling, straddled, source, () -> program.statelessParserFor(source));
      while (ahead.isFull()) {
        LineBatch b = ahead.take();
        if (b == null) {
          break;
        }
        deliver(b);
      }
    }

    void counted(String source, LineBatch b) {
      SplitLines split = counters.get(source);
      if (split != null) {
        split.counted(b.splitLines(), b.cutLines(), b.invalidUtf8Lines());
      }
    }
  }
}
