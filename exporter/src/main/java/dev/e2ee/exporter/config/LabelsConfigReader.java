package dev.e2ee.exporter.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads the {@code labels} section: how user ids appear in labels, and the hash key. */
final class LabelsConfigReader {
  private LabelsConfigReader() {}

  static LabelsConfig read(Section s) {
    UserIdMode mode = s.choice("user_id", UserIdMode.class, LabelsConfig.DEFAULTS.userId());
    String keyFile = s.string("user_id_hash_key_file", "");
    Optional<HashKey> key = Optional.empty();
    if (mode == UserIdMode.HASH) {
      if (keyFile.isBlank()) {
        throw s.error(
            "user_id_hash_key_file",
            "user_id: hash needs a secret key file (install.sh creates one with"
                + " 32 random bytes); without a key, anyone with a list of user ids could reverse the hashes");
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(Path.of(keyFile));
      } catch (IOException e) {
        throw s.error("user_id_hash_key_file", "cannot read " + keyFile);
      }
      if (bytes.length < 16) {
        throw s.error(
            "user_id_hash_key_file",
            keyFile + " holds " + bytes.length + " bytes; at least 16 are needed");
      }
      key = Optional.of(new HashKey(bytes));
    }
    LabelsConfig labels = new LabelsConfig(mode, key);
    s.finish();
    return labels;
  }
}
