package dev.e2ee.exporter.replay;

import dev.e2ee.exporter.log.LineAssembler;
import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.RecordParser;
import dev.e2ee.exporter.log.pipeline.LineBatch;
import dev.e2ee.exporter.log.pipeline.LineChunks;
import dev.e2ee.exporter.log.pipeline.ParseAhead;
import dev.e2ee.exporter.log.pipeline.ParseWorkers;
import dev.e2ee.exporter.log.pipeline.RecordStep;
import dev.e2ee.exporter.log.program.LogProgram;
import dev.e2ee.exporter.support.ErrorText;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The lines one Synapse process wrote: its current and rotated files read one after the other, in
 * the order of their first records. Keeps the next line parsed ("the head"), so that several
 * processes can be merged by time and each line is parsed once. The layout is the configured one
 * or, with {@code format: auto} (the default), detected as {@code serve} detects it. A file that
 * fails midway (a corrupt .gz) keeps what was read, records the error, and reading goes on with the
 * next file. With workers, the bytes read are cut at newlines and split, decoded and parsed on them
 * ({@link LineChunks}), then taken in order: the layout detector still sees every line here, in
 * file order, and a file's line counts are added when its lines are taken.
 */
final class ProcessLog implements AutoCloseable {
  private static final int BUFFER = 1 << 16;

  final String label;
  private final List<InputFile> files;
  private final ReplayFile.ByteCounter bytes;
  private final LineAssembler assembler;
  private final ArrayDeque<String> ready = new ArrayDeque<>();
  private final byte[] buffer = new byte[BUFFER];
  private final LineAssembler.Listener collect;
  private int fileIndex = -1;
  private @Nullable InputStream in;
  private final RecordParser parser;
  private final @Nullable ParseAhead ahead;
  private final @Nullable LineChunks chunks;
  private @Nullable LineBatch batch;
  private int batchIndex;

  /** The head: the next line to hand on, its parse outcome, and the record it parsed into. */
  private LogRecord record = new LogRecord();

  /** The last record read was inside the replayed window: lines after it belong to it. */
  boolean inRange;

  private String line = "";
  private ParseOutcome outcome = ParseOutcome.EMPTY;
  private @Nullable Object facts;
  private long lastRecordMillis = Long.MIN_VALUE;

  ProcessLog(
      String label,
      List<InputFile> files,
      RecordParser parser,
      int maxLineBytes,
      ReplayFile.ByteCounter bytes) {
    this(label, files, parser, maxLineBytes, bytes, null, RecordStep.NONE);
  }

  /**
   * With {@code workers}, lines are split and parsed ahead on them, and {@code step} run on each
   * record there; without, one by one here.
   */
  ProcessLog(
      String label,
      List<InputFile> files,
      RecordParser parser,
      int maxLineBytes,
      ReplayFile.ByteCounter bytes,
      @Nullable ParseWorkers workers,
      RecordStep step) {
    this.label = label;
    ParseAhead a = workers == null ? null : new ParseAhead(workers, step);
    this.ahead = a;
    this.chunks = a == null ? null : new LineChunks(a);
    this.files = files;
    this.parser = parser;
    this.bytes = bytes;
    this.assembler = new LineAssembler(maxLineBytes);
    this.collect =
        (text, cut, invalidUtf8) -> {
          InputFile current = files.get(fileIndex);
          current.lines++;
          if (cut) {
            current.cutLines++;
          }
          if (invalidUtf8) {
            current.invalidUtf8Lines++;
          }
          ready.add(text);
        };
  }

  LogRecord record() {
    return record;
  }

  String line() {
    return line;
  }

  ParseOutcome outcome() {
    return outcome;
  }

  /** Hands the head line to {@code program}, with what the workers worked out from its record. */
  void handTo(LogProgram program) {
    program.process(label, line, outcome, record, parser, facts);
  }

  /** The parser of this process's lines (it knows what Synapse wrote of the head line). */
  RecordParser parser() {
    return parser;
  }

  /**
   * Where the head sorts among processes: its record's time, or for a line that is not a record (a
   * traceback line) the time of the record it belongs to, so it stays right behind it.
   */
  long sortMillis() {
    return outcome == ParseOutcome.RECORD ? record.timestampMillis() : lastRecordMillis;
  }

  /** Reads and parses the next line into the head; false when every file is read. */
  boolean advance() {
    InputFile current;
    RecordParser p = parser;
    if (ahead != null && chunks != null) {
      LineBatch b = nextBatch(ahead, chunks);
      if (b == null) {
        return false;
      }
      line = b.line(batchIndex);
      record = b.record(batchIndex);
      outcome = b.outcome(batchIndex, p);
      facts = b.facts(batchIndex);
      batchIndex++;
      current = (InputFile) b.tag();
    } else {
      while (ready.isEmpty()) {
        if (in == null && !openNext()) {
          return false;
        }
        readSome();
      }
      line = ready.removeFirst();
      current = files.get(fileIndex);
      outcome = p.parse(line, record);
      facts = null;
    }
    if (outcome == ParseOutcome.RECORD) {
      current.layout = p.layout();
      lastRecordMillis = Math.max(lastRecordMillis, record.timestampMillis());
      current.record(record.timestampMillis());
    }
    return true;
  }

  /**
   * The batch holding the next line: reads on until enough batches are in flight (or every file is
   * read), then takes the oldest; null when no line is left.
   */
  private @Nullable LineBatch nextBatch(ParseAhead a, LineChunks c) {
    LineBatch b = batch;
    while (b == null || batchIndex >= b.size()) {
      while (!a.isFull() && (in != null || openNext())) {
        readChunk(a, c);
      }
      b = a.take();
      batch = b;
      batchIndex = 0;
      if (b == null) {
        return null;
      }
      taken(b);
    }
    return b;
  }

  /** Counts a batch's lines against its file as they are taken, in file order. */
  private static void taken(LineBatch b) {
    InputFile file = (InputFile) b.tag();
    file.lines += b.size();
    file.cutLines += b.cutLines();
    file.invalidUtf8Lines += b.invalidUtf8Lines();
    if (b.after() instanceof ReadFailure failure) {
      // Every line read before the failure is counted by now, as the sequential path counts them.
      file.error = "read failed after " + file.lines + " lines: " + failure.reason();
    }
  }

  /** A read that failed midway, handed on after the lines read before it. */
  private record ReadFailure(String reason) {}

  /**
   * Reads a buffer full (or to the end of the file) and hands it to the workers, cut at newlines.
   */
  private void readChunk(ParseAhead a, LineChunks c) {
    InputStream stream = in;
    if (stream == null) {
      return;
    }
    InputFile current = files.get(fileIndex);
    byte[] data = c.buffer();
    int n = 0;
    int r = 0;
    @Nullable String failure = null;
    try {
      while (n < data.length && (r = stream.read(data, n, data.length - n)) >= 0) {
        n += r;
      }
    } catch (IOException | RuntimeException e) {
      failure = ErrorText.describe(e);
    }
    LineAssembler.Listener toAhead =
        (text, cut, invalid) -> a.add(text, cut, invalid, current, parser::statelessCopy);
    // What was read before a failure is still lines, as the sequential path feeds every read; the
    // line straddling two reads is held by this input's assembler, as it is there.
    c.feed(data, n, assembler, toAhead, current, parser::statelessCopy);
    if (failure != null) {
      assembler.discardPartial();
      a.mark(new ReadFailure(failure), current);
      closeCurrent();
    } else if (r < 0) {
      assembler.flushPartial(toAhead); // a last line without its newline is still a line
      closeCurrent();
    }
  }

  private void readSome() {
    InputStream stream = in;
    if (stream == null) {
      return;
    }
    InputFile current = files.get(fileIndex);
    try {
      int n = stream.read(buffer);
      if (n < 0) {
        // A last line without its newline is still a line of a finished file.
        assembler.flushPartial(collect);
        closeCurrent();
        return;
      }
      assembler.feed(buffer, 0, n, collect);
    } catch (IOException | RuntimeException e) {
      current.error = "read failed after " + current.lines + " lines: " + ErrorText.describe(e);
      assembler.discardPartial();
      closeCurrent();
    }
  }

  private boolean openNext() {
    while (fileIndex + 1 < files.size()) {
      fileIndex++;
      InputFile next = files.get(fileIndex);
      try {
        in = next.file.open(bytes);
        return true;
      } catch (IOException | RuntimeException e) {
        next.error = "cannot be read: " + ErrorText.describe(e);
      }
    }
    return false;
  }

  private void closeCurrent() {
    InputStream stream = in;
    in = null;
    if (stream != null && !files.get(fileIndex).file.isStdin()) {
      try {
        stream.close();
      } catch (IOException e) {
        // Nothing more is read from it; a failing close changes no count.
      }
    }
  }

  @Override
  public void close() {
    closeCurrent();
  }
}
