package dev.e2ee.exporter.log.pipeline;

import dev.e2ee.exporter.log.LineSink;

/**
 * Sits between the tailer and the log program in {@code serve}: a backlog (a start from the
 * beginning, a resume after downtime, a rotated file read whole) arrives as many lines in one
 * polling round and is parsed on the workers; the round's end hands every line on, in order, before
 * the program's tick. A live tail's few lines per round never fill a batch and are parsed on the
 * tailer thread as before.
 */
public final class ParallelSink implements LineSink {
  private final ParsedLineSink program;
  private final ParseAhead ahead;

  public ParallelSink(ParsedLineSink program, ParseWorkers workers) {
    this.program = program;
    this.ahead = new ParseAhead(workers, program.recordStep());
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
    for (int i = 0; i < b.size(); i++) {
      program.accept(source, b.line(i), b.parsedAs(), b.guess(i), b.record(i), b.facts(i));
    }
  }
}
