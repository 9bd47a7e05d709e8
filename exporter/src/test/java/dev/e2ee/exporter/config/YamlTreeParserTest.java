package dev.e2ee.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YamlTreeParserTest {
  private static YamlNode parse(String yaml) {
    return YamlTreeParser.parse(new StringReader(yaml), "homeserver-exporter.yml");
  }

  @Test
  void keepsTheLineOfEveryKeyAndValueAndTheOrderOfKeys() {
    YamlNode.Mapping root =
        (YamlNode.Mapping)
            parse(
                """
                # comment
                synapse:
                  server_name: example.org
                logs:
                  files:
                    - /var/log/matrix-synapse/homeserver.log
                    - '/var/log/matrix-synapse/*.log'
                  poll_interval:
                """);
    assertThat(root.entries().keySet()).containsExactly("synapse", "logs");
    assertThat(root.keyLines()).containsEntry("synapse", 2).containsEntry("logs", 4);
    YamlNode.Mapping synapse = (YamlNode.Mapping) root.entries().get("synapse");
    assertThat(synapse.entries().get("server_name"))
        .isEqualTo(new YamlNode.Scalar("example.org", true, 3));
    YamlNode.Mapping logs = (YamlNode.Mapping) root.entries().get("logs");
    assertThat(logs.keyLines()).containsEntry("files", 5).containsEntry("poll_interval", 8);
    YamlNode.Sequence files = (YamlNode.Sequence) logs.entries().get("files");
    assertThat(files.items())
        .containsExactly(
            new YamlNode.Scalar("/var/log/matrix-synapse/homeserver.log", true, 6),
            new YamlNode.Scalar("/var/log/matrix-synapse/*.log", true, 7));
    assertThat(logs.entries().get("poll_interval")).isInstanceOf(YamlNode.Null.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "port: 9477|9477|false",
        "port: '9477'|9477|true",
        "enabled: false|false|false",
        "enabled: \"false\"|false|true",
        "refresh: 30s|30s|true",
        "ratio: 0.5|0.5|false"
      })
  void aScalarRemembersWhetherYamlReadItAsTextOrAsANumberOrBoolean(
      String yaml, String text, boolean quoted) {
    YamlNode.Mapping root = (YamlNode.Mapping) parse(yaml);
    assertThat(root.entries().values()).containsExactly(new YamlNode.Scalar(text, quoted, 1));
  }

  @ParameterizedTest
  @CsvSource({"''", "'# only a comment\n'"})
  void anEmptyDocumentIsAnEmptyMapping(String yaml) {
    YamlNode root = parse(yaml);
    assertThat(root).isInstanceOf(YamlNode.Mapping.class);
    assertThat(((YamlNode.Mapping) root).entries()).isEmpty();
  }

  @Test
  void aTopLevelListIsParsedForTheLoaderToRefuse() {
    assertThat(parse("- a\n- b\n"))
        .isEqualTo(
            new YamlNode.Sequence(
                List.of(new YamlNode.Scalar("a", true, 1), new YamlNode.Scalar("b", true, 2)), 1));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "logs:\\n  files: []\\n  files: [a]\\n|homeserver-exporter.yml:3: key 'files' appears twice"
            + " in one section",
        "listen: {port: 1}\\n---\\nlisten: {port: 2}\\n|homeserver-exporter.yml:3: more than one"
            + " YAML document",
        "listen:\\n  port: [1\\n|homeserver-exporter.yml:2: not valid YAML: while parsing a flow",
        "listen:\\n  port: 1: 2\\n|homeserver-exporter.yml:2: not valid YAML: "
      })
  void badYamlIsAnErrorNamingFileAndLine(String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml.replace("\\n", "\n").replace("\\t", "\t")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }
}
