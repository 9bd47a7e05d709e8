package dev.e2ee.exporter.log.parse;

import com.fasterxml.jackson.core.JsonToken;

/**
 * Synapse's structured logging ({@code synapse.logging.TerseJsonFormatter}): one JSON object per
 * line with {@code log}, {@code namespace}, {@code level}, {@code time} (epoch seconds) and {@code
 * request}. Other fields are skipped unread. Lines that are not JSON objects are handled like the
 * text format handles them (tracebacks still continue records).
 */
public final class JsonRecordParser implements RecordParser {

  @Override
  public String layout() {
    return "json";
  }

  /** Keeps nothing across lines. */
  @Override
  public RecordParser statelessCopy() {
    return new JsonRecordParser();
  }

  @Override
  public boolean adopt(String parsedAs, ParseOutcome parsed) {
    return layout().equals(parsedAs);
  }

  @Override
  public ParseOutcome parse(String line, LogRecord r) {
    if (line.isEmpty()) {
      return ParseOutcome.EMPTY;
    }
    if (line.charAt(0) != '{') {
      return ContinuationLines.looksLikeContinuation(line)
          ? ParseOutcome.CONTINUATION
          : ParseOutcome.UNRECOGNISED_LAYOUT;
    }
    String[] f = new String[4]; // log, namespace, level, request
    double[] time = {Double.NaN};
    boolean object =
        JsonLine.read(
            line,
            (field, value, p) -> {
              switch (field) {
                case "log" -> f[0] = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "namespace" -> f[1] = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "level" -> f[2] = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "request" -> f[3] = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "time" -> time[0] = value.isNumeric() ? p.getDoubleValue() : Double.NaN;
                default -> p.skipChildren();
              }
            });
    if (!object) {
      return ParseOutcome.INVALID_JSON;
    }
    String log = f[0];
    String namespace = f[1];
    String level = f[2] == null ? "" : f[2];
    String request = f[3] == null ? "" : f[3];
    if (log == null || namespace == null || Double.isNaN(time[0])) {
      return ParseOutcome.INVALID_JSON;
    }
    // One string holding the fields, so LogRecord's views work as for the text format.
    String text = namespace + '\n' + level + '\n' + request + '\n' + log;
    r.text = text;
    r.loggerFrom = 0;
    r.loggerTo = namespace.length();
    r.levelFrom = r.loggerTo + 1;
    r.levelTo = r.levelFrom + level.length();
    r.requestFrom = r.levelTo + 1;
    r.requestTo = r.requestFrom + request.length();
    r.messageFrom = r.requestTo + 1;
    r.messageTo = text.length();
    r.timestampMillis = Math.round(time[0] * 1000);
    r.worker = null;
    return ParseOutcome.RECORD;
  }
}
