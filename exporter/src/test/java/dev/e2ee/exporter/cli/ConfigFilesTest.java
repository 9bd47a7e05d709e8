package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigFilesTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "synapse: {server_name: example.org, log_timezone: UTC}\\nlogs: {enabled: false}\\n"
            + "database: {enabled: false}|true",
        "synapse: {server_name: example.org}\\nlogs: {enabled: false}\\ndatabase: {}|false",
        "synapse: {server_name: example.org}\\nlogs: {enabled: false}\\n"
            + "database: {enabled: false}\\nlisten: {port: 0}|false",
        "synapse: [example.org]|false"
      })
  void aFileLoadsOrIsEmptyAfterItsErrorIsPrinted(String yaml, boolean loads, @TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("config.yml"), yaml.replace("\\n", "\n"));
    assertThat(ConfigFiles.load(file).isPresent()).isEqualTo(loads);
  }

  @ParameterizedTest
  @CsvSource({"missing.yml"})
  void aMissingFileIsEmptyNotAnException(String name, @TempDir Path dir) {
    assertThat(ConfigFiles.load(dir.resolve(name))).isEmpty();
  }
}
