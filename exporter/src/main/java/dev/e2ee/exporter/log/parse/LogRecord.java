package dev.e2ee.exporter.log.parse;

import org.jspecify.annotations.Nullable;

/**
 * One parsed Synapse log record. A mutable view reused for every line (the parser runs on one
 * thread and a record is consumed before the next line is parsed): the hot path then allocates
 * nothing for the many lines whose logger is of no interest.
 */
public final class LogRecord {
  String text = "";
  int loggerFrom;
  int loggerTo;
  int levelFrom;
  int levelTo;
  int requestFrom;
  int requestTo;
  int messageFrom;
  int messageTo;
  long timestampMillis;
  @Nullable String worker;

  /** The logger name equals {@code name}. */
  public boolean loggerIs(String name) {
    return loggerTo - loggerFrom == name.length() && text.startsWith(name, loggerFrom);
  }

  public boolean loggerStartsWith(String prefix) {
    return loggerTo - loggerFrom >= prefix.length() && text.startsWith(prefix, loggerFrom);
  }

  public String logger() {
    return text.substring(loggerFrom, loggerTo);
  }

  public boolean levelIs(String level) {
    return levelTo - levelFrom == level.length() && text.startsWith(level, levelFrom);
  }

  public String level() {
    return text.substring(levelFrom, levelTo);
  }

  /** The log context: {@code POST-123}, {@code sentinel}, a background process name, or empty. */
  public String request() {
    return text.substring(requestFrom, requestTo);
  }

  public String message() {
    return text.substring(messageFrom, messageTo);
  }

  /** The message is in {@code text()} from {@code messageStart()} to {@code messageEnd()}. */
  public String text() {
    return text;
  }

  public int messageStart() {
    return messageFrom;
  }

  public int messageEnd() {
    return messageTo;
  }

  public boolean messageStartsWith(String prefix) {
    return messageTo - messageFrom >= prefix.length() && text.startsWith(prefix, messageFrom);
  }

  public int messageIndexOf(String needle) {
    int at = text.indexOf(needle, messageFrom);
    return at < 0 || at + needle.length() > messageTo ? -1 : at;
  }

  /** Epoch milliseconds of the record. */
  public long timestampMillis() {
    return timestampMillis;
  }

  /** The {@code worker_name | } prefix when the line had one, else null. */
  public @Nullable String worker() {
    return worker;
  }
}
