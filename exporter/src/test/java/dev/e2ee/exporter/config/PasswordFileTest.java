package dev.e2ee.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFileTest {
  private static final String HEAD =
      "synapse: {server_name: example.org}\nlogs: {enabled: false}\ndatabase: {enabled: false}\n";

  static Path file(Path dir, String mode) throws Exception {
    Path f = Files.writeString(dir.resolve("password"), "  correct horse \n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  /** A config whose basic auth reads its password from {@code f}, with {@code more} settings. */
  static ExporterConfig withPasswordFile(Path f, String more) {
    return ConfigLoader.parse(
        HEAD
            + "listen: {basic_auth: {username: prometheus, password_file: '"
            + f
            + "'"
            + more
            + "}}\n",
        "x.yml");
  }

  @Test
  void aFileOnlyTheUserMayReadIsTheTrimmedPasswordAndTheConfigHoldsOnlyItsPath(@TempDir Path dir)
      throws Exception {
    Path f = file(dir, "rw-------");
    assertThat(PasswordFile.read(f)).isEqualTo("correct horse");
    ExporterConfig config = withPasswordFile(f, "");
    BasicAuthConfig auth = config.listen().basicAuth().orElseThrow();
    assertThat(auth.passwordFile()).isEqualTo(Optional.of(f));
    assertThat(auth.toString()).doesNotContain("correct horse");
  }

  @Test
  void aFileOthersOrItsGroupMayReadIsRefused(@TempDir Path dir) throws Exception {
    Path f = file(dir, "rw-r--r--");
    assertThatThrownBy(() -> withPasswordFile(f, ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("password_file")
        .hasMessageContaining(f + " may be read by every user")
        .hasMessageContaining("chmod 0600");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
    boolean root = "root".equals(Files.getOwner(f).getName());
    if (root) {
      assertThat(PasswordFile.read(f)).as("root:group 0640 is allowed").isEqualTo("correct horse");
    } else {
      assertThatThrownBy(() -> PasswordFile.read(f))
          .hasMessageContaining("may be read by its group");
    }
  }

  @Test
  void aPasswordFileAndAHashTogetherAreRefused(@TempDir Path dir) throws Exception {
    Path f = file(dir, "rw-------");
    assertThatThrownBy(() -> withPasswordFile(f, ", password_hash: 'pbkdf2-sha256$1$x$y'"))
        .hasMessageContaining("set either a password_file or a password hash, not both");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> PasswordFile.read(empty)).hasMessageContaining("is empty");
  }
}
