package dev.e2ee.exporter.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One mapping of the config file being read. Every read declares the key, so when the section is
 * {@linkplain #finish() finished} anything not declared is an unknown key - usually a typo that
 * would otherwise silently fall back to a default.
 */
final class Section {
  private final String source;
  private final String path;
  private final YamlNode.Mapping node;
  private final Set<String> declared = new LinkedHashSet<>();
  private final Set<String> allDeclaredPaths;

  private Section(String source, String path, YamlNode.Mapping node, Set<String> allDeclaredPaths) {
    this.source = source;
    this.path = path;
    this.node = node;
    this.allDeclaredPaths = allDeclaredPaths;
  }

  static Section root(String source, YamlNode node) {
    if (!(node instanceof YamlNode.Mapping mapping)) {
      throw new ConfigException(
          source
              + ":"
              + node.line()
              + ": the top level must be a mapping of sections, found a "
              + node.typeName());
    }
    return new Section(source, "", mapping, new LinkedHashSet<>());
  }

  Section section(String key) {
    @Nullable YamlNode value = lookup(key);
    if (value == null || isNull(value)) {
      return new Section(
          source,
          keyPath(key),
          new YamlNode.Mapping(new LinkedHashMap<>(), Map.of(), node.line()),
          allDeclaredPaths);
    }
    if (!(value instanceof YamlNode.Mapping mapping)) {
      throw typeError(key, value, "a mapping");
    }
    return new Section(source, keyPath(key), mapping, allDeclaredPaths);
  }

  /** Fails if {@code key} is present: a key deliberately not supported, with the reason. */
  void refuse(String key, String reason) {
    declared.add(key);
    YamlNode value = node.entries().get(key);
    if (value != null) {
      throw error(key, value, reason);
    }
  }

  boolean has(String key) {
    @Nullable YamlNode value = lookup(key);
    return value != null && !isNull(value);
  }

  String string(String key, String defaultValue) {
    String value = optionalString(key);
    return value == null ? defaultValue : value;
  }

  /** The string at {@code key}, or null when the key is absent or null. */
  @Nullable String optionalString(String key) {
    @Nullable YamlNode value = lookup(key);
    if (value == null || isNull(value)) {
      return null;
    }
    if (!(value instanceof YamlNode.Scalar scalar)) {
      throw typeError(key, value, "a string");
    }
    return scalar.text();
  }

  String requiredString(String key) {
    String value = optionalString(key);
    if (value == null || value.isBlank()) {
      throw missing(key);
    }
    return value;
  }

  int integer(String key, int defaultValue, int min, int max) {
    @Nullable YamlNode value = lookup(key);
    if (value == null || isNull(value)) {
      return defaultValue;
    }
    if (!(value instanceof YamlNode.Scalar scalar)) {
      throw typeError(key, value, "an integer");
    }
    int parsed;
    try {
      parsed = Integer.parseInt(scalar.text().trim());
    } catch (NumberFormatException e) {
      throw error(key, value, "expected an integer, found '" + scalar.text() + "'");
    }
    if (parsed < min || parsed > max) {
      throw error(key, value, "must be between " + min + " and " + max + ", found " + parsed);
    }
    return parsed;
  }

  boolean bool(String key, boolean defaultValue) {
    @Nullable YamlNode value = lookup(key);
    if (value == null || isNull(value)) {
      return defaultValue;
    }
    if (value instanceof YamlNode.Scalar scalar) {
      switch (scalar.text().trim().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on" -> {
          return true;
        }
        case "false", "no", "off" -> {
          return false;
        }
        default -> {
          // fall through to the error below
        }
      }
    }
    throw error(key, value, "expected true or false, found " + describe(value));
  }

  Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
    @Nullable YamlNode value = lookup(key);
    if (value == null || isNull(value)) {
      return defaultValue;
    }
    if (!(value instanceof YamlNode.Scalar scalar)) {
      throw typeError(key, value, "a duration such as 30s");
    }
    Duration parsed;
    try {
      parsed = Durations.parse(scalar.text());
    } catch (IllegalArgumentException e) {
      throw error(key, value, String.valueOf(e.getMessage()));
    }
    if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
      throw error(
          key,
          value,
          "must be between "
              + Durations.format(min)
              + " and "
              + Durations.format(max)
              + ", found "
              + scalar.text());
    }
    return parsed;
  }

  <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
    String text = optionalString(key);
    if (text == null) {
      return defaultValue;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.toString().equals(text.trim())) {
        return constant;
      }
    }
    List<String> allowed = Arrays.stream(type.getEnumConstants()).map(Enum::toString).toList();
    throw error(
        key,
        lookup(key),
        "must be one of "
            + String.join(", ", allowed)
            + ", found '"
            + text
            + "'"
            + Suggestions.didYouMean(text, allowed));
  }

  List<String> stringList(String key, List<String> defaultValue) {
    @Nullable YamlNode value = lookup(key);
    if (value == null || isNull(value)) {
      return defaultValue;
    }
    if (value instanceof YamlNode.Scalar scalar) {
      return List.of(scalar.text());
    }
    if (!(value instanceof YamlNode.Sequence sequence)) {
      throw typeError(key, value, "a list of strings");
    }
    List<String> result = new ArrayList<>();
    for (YamlNode item : sequence.items()) {
      if (!(item instanceof YamlNode.Scalar scalar)) {
        throw error(key, item, "every item must be a string, found " + describe(item));
      }
      result.add(scalar.text());
    }
    return List.copyOf(result);
  }

  /** Fails on the first key this section has that no reader asked for. */
  void finish() {
    for (String key : node.entries().keySet()) {
      if (!declared.contains(key)) {
        int line = node.keyLines().getOrDefault(key, node.line());
        throw new ConfigException(
            source
                + ":"
                + line
                + ": unknown key '"
                + keyPath(key)
                + "'"
                + Suggestions.didYouMean(key, declared));
      }
    }
  }

  ConfigException error(String key, String message) {
    return error(key, lookup(key), message);
  }

  ConfigException missing(String key) {
    String where =
        path.isEmpty() ? "the file" : "section '" + path + "' (line " + node.line() + ")";
    return new ConfigException(
        source + ":" + node.line() + ": missing required key '" + keyPath(key) + "' in " + where);
  }

  String keyPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Every key path any section of this file was asked for: the full list of config keys. */
  Set<String> allDeclaredPaths() {
    return allDeclaredPaths;
  }

  private @Nullable YamlNode lookup(String key) {
    declared.add(key);
    allDeclaredPaths.add(keyPath(key));
    return node.entries().get(key);
  }

  private ConfigException typeError(String key, YamlNode value, String expected) {
    return error(key, value, "expected " + expected + ", found " + describe(value));
  }

  private ConfigException error(String key, @Nullable YamlNode value, String message) {
    int line = value == null ? node.line() : value.line();
    return new ConfigException(source + ":" + line + ": key '" + keyPath(key) + "': " + message);
  }

  private static boolean isNull(@Nullable YamlNode value) {
    return value instanceof YamlNode.Null;
  }

  private static String describe(YamlNode value) {
    if (value instanceof YamlNode.Null) {
      return "nothing";
    }
    if (value instanceof YamlNode.Scalar scalar) {
      return "'" + scalar.text() + "'";
    }
    return "a " + value.typeName();
  }
}
