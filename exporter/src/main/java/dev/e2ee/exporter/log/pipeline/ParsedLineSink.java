package dev.e2ee.exporter.log.pipeline;

import dev.e2ee.exporter.log.LineSink;
import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.RecordParser;
import org.jspecify.annotations.Nullable;

/** A line sink (the log program) that can take lines parsed ahead of it. */
public interface ParsedLineSink extends LineSink {
  /**
   * A stateless copy of the parser that reads {@code source} now, for parsing its next lines ahead;
   * null when there is none yet (or its layout keeps state).
   */
  @Nullable RecordParser statelessParserFor(String source);

  /** What to work out from each record on the workers, after the parse. */
  RecordStep recordStep();

  /**
   * One line of {@code source}, in file order, with what a copy of layout {@code parsedAs} found
   * ({@code parsed} into {@code record}, and the {@link #recordStep}'s {@code facts}; all null when
   * it was not parsed ahead). The sink's own parser decides whether to adopt that or parse the line
   * again (and then drops the facts).
   */
  void accept(
      String source,
      String line,
      @Nullable String parsedAs,
      @Nullable ParseOutcome parsed,
      LogRecord record,
      @Nullable Object facts);
}
