package dev.e2ee.exporter.config;

import static dev.e2ee.exporter.config.YamlSections.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelsConfigReaderTest {
  private static LabelsConfig read(String entries) {
    return LabelsConfigReader.read(section("labels", "labels: {" + entries + "}"));
  }

  @ParameterizedTest
  @CsvSource({"'', FULL", "'user_id: full, ', FULL", "'user_id: localpart, ', LOCALPART"})
  void withoutHashingNoKeyIsRead(String entries, UserIdMode mode) {
    LabelsConfig labels = read(entries + "user_id_hash_key_file: /nonexistent/key");
    assertThat(labels.userId()).isEqualTo(mode);
    assertThat(labels.hashKey()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"16", "32"})
  void hashingReadsAKeyOfAtLeast16Bytes(int size, @TempDir Path dir) throws Exception {
    Path key = Files.write(dir.resolve("key"), new byte[size]);
    LabelsConfig labels = read("user_id: hash, user_id_hash_key_file: '" + key + "'");
    assertThat(labels.userId()).isEqualTo(UserIdMode.HASH);
    assertThat(labels.hashKey()).isPresent();
  }

  @Test
  void aShortKeyIsRefusedWithItsSize(@TempDir Path dir) throws Exception {
    Path key = Files.write(dir.resolve("key"), new byte[15]);
    assertThatThrownBy(() -> read("user_id: hash, user_id_hash_key_file: '" + key + "'"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "key 'labels.user_id_hash_key_file': " + key + " holds 15 bytes; at least 16");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "user_id: hash|key 'labels.user_id_hash_key_file': user_id: hash needs a secret key file",
        "user_id: hash, user_id_hash_key_file: ''|key 'labels.user_id_hash_key_file': user_id:"
            + " hash needs",
        "user_id: hash, user_id_hash_key_file: /nonexistent/key|key"
            + " 'labels.user_id_hash_key_file': cannot read /nonexistent/key",
        "user_id: sha256|key 'labels.user_id'",
        "hash_key_file: /x|unknown key 'labels.hash_key_file'"
      })
  void aBadValueNamesItsKey(String entries, String message) {
    assertThatThrownBy(() -> read(entries))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }
}
