package dev.e2ee.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsTest {
  @Test
  void noPasswordSourceMeansAnEmptyPasswordForTrustOrPeerAuth() {
    assertThat(Secrets.databasePassword(DatabaseConfig.DEFAULTS, Map.of("PGPASSWORD", "x")))
        .isEmpty();
  }

  @Test
  void passwordEnvReadsThatVariableAsItIs() {
    DatabaseConfig db = DatabaseConfig.DEFAULTS.with(d -> d.passwordEnv = Optional.of("DB_PW"));
    assertThat(Secrets.databasePassword(db, Map.of("DB_PW", " s3cret ", "OTHER", "no")))
        .isEqualTo(" s3cret ");
  }

  @Test
  void anUnsetVariableIsAnErrorNamingItNotAnEmptyPassword() {
    DatabaseConfig db = DatabaseConfig.DEFAULTS.with(d -> d.passwordEnv = Optional.of("DB_PW"));
    assertThatThrownBy(() -> Secrets.databasePassword(db, Map.of("OTHER", "no")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("database.password_env: environment variable DB_PW is not set");
  }

  @ParameterizedTest
  @CsvSource({"'s3cret\n', s3cret", "'s3cret\r\n', s3cret", "'  s3cret  \n\n', s3cret"})
  void passwordFileDropsTheNewlineEditorsLeave(String content, String password, @TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("db-password"), content);
    DatabaseConfig db = DatabaseConfig.DEFAULTS.with(d -> d.passwordFile = Optional.of(file));
    assertThat(Secrets.databasePassword(db, Map.of())).isEqualTo(password);
  }

  @Test
  void aPasswordFileGoneSinceStartIsAnErrorNamingIt(@TempDir Path dir) {
    Path file = dir.resolve("gone");
    DatabaseConfig db = DatabaseConfig.DEFAULTS.with(d -> d.passwordFile = Optional.of(file));
    assertThatThrownBy(() -> Secrets.databasePassword(db, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("database.password_file: cannot read " + file + " (");
  }
}
