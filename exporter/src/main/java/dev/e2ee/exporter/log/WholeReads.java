package dev.e2ee.exporter.log;

/**
 * Where a sink that parses on workers takes a backlog's reads as bytes, so that splitting and
 * decoding lines moves off the tailer thread too (see {@link LineSink#wholeReads}). A read that
 * fills its array is cut at its last newline and the whole lines before it go to a worker; the line
 * that straddles two reads is assembled by the tailer's own assembler, so the position it saves
 * still accounts for every byte of an unfinished line.
 */
public interface WholeReads {
  /** How many lines a worker split, and of those how many were cut or held bytes not UTF-8. */
  interface SplitLines {
    void counted(int lines, int cut, int invalidUtf8);
  }

  /** An array to read the next bytes into; it is handed back with {@link #accept}. */
  byte[] buffer();

  /**
   * The bytes {@code data[0, count)} just read from {@code source}, after every line handed on
   * before (the array is the sink's from now on; {@code count} may be 0). Lines the worker splits
   * are counted through {@code split} when they are handed on; those {@code straddling} completes
   * go to {@code straddled}, as lines the tailer assembled always do.
   */
  void accept(
      String source,
      byte[] data,
      int count,
      LineAssembler straddling,
      LineAssembler.Listener straddled,
      SplitLines split);
}
