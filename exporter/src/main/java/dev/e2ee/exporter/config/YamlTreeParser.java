package dev.e2ee.exporter.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Streams a YAML document into {@link YamlNode}s, keeping the line of every key and value. */
final class YamlTreeParser {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private YamlTreeParser() {}

  static YamlNode parse(Reader reader, String sourceName) {
    try (JsonParser parser = FACTORY.createParser(reader)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new YamlNode.Mapping(new LinkedHashMap<>(), Map.of(), 1);
      }
      YamlNode root = read(parser, sourceName);
      if (parser.nextToken() != null) {
        throw new ConfigException(
            sourceName + ":" + line(parser) + ": more than one YAML document");
      }
      return root;
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String detail = e.getOriginalMessage().lines().findFirst().orElse("invalid YAML");
      throw new ConfigException(sourceName + ":" + line + ": not valid YAML: " + detail, e);
    } catch (IOException e) {
      throw new ConfigException(sourceName + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static YamlNode read(JsonParser parser, String sourceName) throws IOException {
    JsonToken token = parser.currentToken();
    int line = line(parser);
    switch (token) {
      case START_OBJECT -> {
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          int keyLine = line(parser);
          if (entries.containsKey(key)) {
            throw new ConfigException(
                sourceName + ":" + keyLine + ": key '" + key + "' appears twice in one section");
          }
          parser.nextToken();
          entries.put(key, read(parser, sourceName));
          keyLines.put(key, keyLine);
        }
        return new YamlNode.Mapping(entries, keyLines, line);
      }
      case START_ARRAY -> {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(parser, sourceName));
        }
        return new YamlNode.Sequence(items, line);
      }
      case VALUE_NULL -> {
        return new YamlNode.Null(line);
      }
      case VALUE_STRING -> {
        return new YamlNode.Scalar(parser.getText(), true, line);
      }
      default -> {
        return new YamlNode.Scalar(parser.getText(), false, line);
      }
    }
  }

  private static int line(JsonParser parser) {
    return parser.currentTokenLocation().getLineNr();
  }
}
