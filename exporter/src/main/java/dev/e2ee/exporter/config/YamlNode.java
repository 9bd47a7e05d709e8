package dev.e2ee.exporter.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers the line it came from. Jackson's tree model drops source positions,
 * and every config error has to name the line, so the loader builds this tree.
 */
public sealed interface YamlNode {
  int line();

  String typeName();

  /** An explicit YAML null ({@code key:} or {@code key: ~}): the same as leaving the key out. */
  record Null(int line) implements YamlNode {
    @Override
    public String typeName() {
      return "null";
    }
  }

  record Scalar(String text, boolean quoted, int line) implements YamlNode {
    @Override
    public String typeName() {
      return "scalar";
    }
  }

  record Sequence(List<YamlNode> items, int line) implements YamlNode {
    @Override
    public String typeName() {
      return "list";
    }
  }

  record Mapping(LinkedHashMap<String, YamlNode> entries, Map<String, Integer> keyLines, int line)
      implements YamlNode {
    @Override
    public String typeName() {
      return "mapping";
    }
  }
}
