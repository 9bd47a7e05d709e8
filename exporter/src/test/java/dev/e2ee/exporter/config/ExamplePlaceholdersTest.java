package dev.e2ee.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExamplePlaceholdersTest {
  @Test
  void theExampleConfigsServerNameAndDatabaseHostAreFlagged() {
    ExporterConfig example =
        ConfigLoader.load(ConfigLoaderTest.REPO.resolve("deploy/config.example.yml"));
    assertThat(ExamplePlaceholders.in(example))
        .containsExactly(
            "synapse.server_name is 'example.org', the example's placeholder: set your"
                + " homeserver's server_name (as in Synapse's homeserver.yaml)",
            "database.host is 'db.example.internal', the example's placeholder: set the host of"
                + " Synapse's PostgreSQL");
  }

  @Test
  void realNamesAreNotPlaceholders() {
    assertThat(ExamplePlaceholders.isPlaceholder("matrix.org")).isFalse();
    assertThat(ExamplePlaceholders.isPlaceholder("examples.net")).isFalse();
    assertThat(ExamplePlaceholders.isPlaceholder("db.internal")).isFalse();
    assertThat(ExamplePlaceholders.isPlaceholder("hs.EXAMPLE.com")).isTrue();
    assertThat(ExamplePlaceholders.isPlaceholder("x.example")).isTrue();
  }

  @Test
  void aDisabledDatabaseIsNotAskedAbout() {
    ExporterConfig config =
        ConfigLoader.parse(
            "synapse: {server_name: matrix.org}\ndatabase: {enabled: false, host: db.example.net}\n",
            "x.yml");
    assertThat(ExamplePlaceholders.in(config)).isEmpty();
  }
}
