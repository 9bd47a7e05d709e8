package dev.e2ee.exporter.log.parse;

import org.jspecify.annotations.Nullable;

/**
 * Parses one line into the shared {@link LogRecord}. Synapse's own layouts keep no cross-line
 * state; detecting a layout and joining Docker's split lines do (one instance per file).
 */
public interface RecordParser {
  ParseOutcome parse(String line, LogRecord into);

  /**
   * The layout's name as check, the landing page, the metrics and replay's report give it: text,
   * json, syslog, docker-json/text, journald; undetected while auto has seen no record.
   */
  String layout();

  /**
   * The part of the last line parsed that Synapse wrote, for telling a traceback line from a
   * foreign one: the line itself, or what is left without a syslog prefix or Docker's envelope.
   */
  default String synapseText(String line) {
    return line;
  }

  /**
   * A new parser of the layout this one reads now that keeps no state across lines, for parsing
   * lines ahead on another thread; null when there is none (no layout detected yet, or the layout
   * itself keeps state: syslog's year, Docker's split lines, journald). The copy is given to one
   * thread only.
   */
  default @Nullable RecordParser statelessCopy() {
    return null;
  }

  /**
   * Takes the outcome that a {@link #statelessCopy} of layout {@code parsedAs} gave for a line, as
   * if this parser had parsed the line itself (its state moves as parsing would move it); false
   * when parsing it here could give another answer, and then the caller parses it here.
   */
  default boolean adopt(String parsedAs, ParseOutcome parsed) {
    return false;
  }

  /** This parser's answer for {@code line}: adopted from a parse done ahead, or parsed now. */
  default ParseOutcome parseOrAdopt(
      String line, LogRecord into, @Nullable String parsedAs, ParseOutcome parsed) {
    return parsedAs != null && adopt(parsedAs, parsed) ? parsed : parse(line, into);
  }
}
