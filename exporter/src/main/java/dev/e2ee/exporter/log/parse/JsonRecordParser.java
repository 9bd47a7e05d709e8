package dev.e2ee.exporter.log.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Synapse's structured logging ({@code synapse.logging.TerseJsonFormatter}): one JSON object per
 * line with {@code log}, {@code namespace}, {@code level}, {@code time} (epoch seconds) and {@code
 * request}. Other fields are skipped unread. Lines that are not JSON objects are handled like the
 * text format handles them (tracebacks still continue records).
 */
public final class JsonRecordParser implements RecordParser {
  private static final JsonFactory FACTORY = new JsonFactory();

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
    String log = null;
    String namespace = null;
    String level = "";
    String request = "";
    double time = Double.NaN;
    try (JsonParser p = FACTORY.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return ParseOutcome.INVALID_JSON;
      }
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "log" -> log = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "namespace" -> namespace = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "level" -> level = value == JsonToken.VALUE_STRING ? p.getText() : "";
          case "request" -> request = value == JsonToken.VALUE_STRING ? p.getText() : "";
          case "time" -> time = value.isNumeric() ? p.getDoubleValue() : Double.NaN;
          default -> p.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
        return ParseOutcome.INVALID_JSON;
      }
    } catch (IOException | RuntimeException e) {
      return ParseOutcome.INVALID_JSON;
    }
    if (log == null || namespace == null || Double.isNaN(time)) {
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
    r.timestampMillis = Math.round(time * 1000);
    r.worker = null;
    return ParseOutcome.RECORD;
  }
}
