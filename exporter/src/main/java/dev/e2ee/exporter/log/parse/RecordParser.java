package dev.e2ee.exporter.log.parse;

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
}
