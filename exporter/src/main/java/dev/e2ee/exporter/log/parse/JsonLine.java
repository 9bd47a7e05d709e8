package dev.e2ee.exporter.log.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A line holding one JSON object, read field by field with Jackson's streaming parser (no tree):
 * Synapse's JSON formatter, Docker's json-file entries and journalctl's JSON output all look so.
 */
final class JsonLine {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** Reads one top-level field; it must consume the value (skipChildren for what it ignores). */
  @FunctionalInterface
  interface FieldReader {
    void field(String name, JsonToken value, JsonParser p) throws IOException;
  }

  private JsonLine() {}

  /** False when the line is not exactly one JSON object (invalid, cut, or followed by more). */
  static boolean read(String line, FieldReader reader) {
    if (!opensObject(line)) {
      return false; // what the parser would conclude, without making one (a traceback line)
    }
    try (JsonParser p = FACTORY.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        reader.field(name, p.nextToken(), p);
      }
      return token == JsonToken.END_OBJECT && p.nextToken() == null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The first character after JSON's whitespace opens an object, as every object starts. */
  private static boolean opensObject(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return c == '{';
      }
    }
    return false;
  }

  /** The value as text when it is a string (or a number), else null; structures are skipped. */
  static @Nullable String text(JsonToken value, JsonParser p) throws IOException {
    if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    return value == JsonToken.VALUE_NULL ? null : p.getText();
  }
}
