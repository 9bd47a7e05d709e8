package dev.e2ee.exporter.log.parse;

/** Parses one line into the shared {@link LogRecord}. Implementations keep no cross-line state. */
public interface RecordParser {
  ParseOutcome parse(String line, LogRecord into);
}
