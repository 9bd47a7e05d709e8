package dev.e2ee.exporter.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** A config file's section, parsed from YAML text the way the loader parses a file. */
final class YamlSections {
  private YamlSections() {}

  /** The section {@code name} of {@code yaml}; an absent section reads as empty, as in a file. */
  static Section section(String name, String yaml) {
    return Section.root("test.yml", YamlTreeParser.parse(new StringReader(yaml), "test.yml"))
        .section(name);
  }

  /** {@code read} refuses its section with a {@link ConfigException} that says {@code message}. */
  static void assertRejected(ThrowingCallable read, String message) {
    assertThatThrownBy(read).isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }
}
