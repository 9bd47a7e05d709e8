package dev.e2ee.exporter.config;

import static dev.e2ee.exporter.config.YamlSections.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseConfigReaderTest {
  private static DatabaseConfig read(String entries) {
    return DatabaseConfigReader.read(section("database", "database: {" + entries + "}"));
  }

  @Test
  void onlyTheHostIsNeededAndTheRestIsTheDefaults() {
    assertThat(read("host: db.example.internal"))
        .isEqualTo(DatabaseConfig.DEFAULTS.with(d -> d.host = "db.example.internal"));
  }

  @Test
  void aDisabledDatabaseNeedsNoHost() {
    assertThat(read("enabled: false"))
        .isEqualTo(DatabaseConfig.DEFAULTS.with(d -> d.enabled = false));
  }

  @Test
  void everyConnectionKeyIsRead() {
    DatabaseConfig db =
        read(
            "host: 127.0.0.1, port: 5433, name: synapse_main, user: exporter, password_env: PGPW,"
                + " sslmode: verify-full, ssl_root_cert: /etc/ssl/ca.pem, pool_size: 1,"
                + " poll_interval: 15s, statement_timeout: 2s, lock_timeout: 100ms,"
                + " connect_timeout: 3s");
    assertThat(db)
        .isEqualTo(
            DatabaseConfig.DEFAULTS.with(
                d -> {
                  d.host = "127.0.0.1";
                  d.port = 5433;
                  d.name = "synapse_main";
                  d.user = "exporter";
                  d.passwordEnv = Optional.of("PGPW");
                  d.sslMode = SslMode.VERIFY_FULL;
                  d.sslRootCert = Optional.of(Path.of("/etc/ssl/ca.pem"));
                  d.poolSize = 1;
                  d.pollInterval = Duration.ofSeconds(15);
                  d.statementTimeout = Duration.ofSeconds(2);
                  d.lockTimeout = Duration.ofMillis(100);
                  d.connectTimeout = Duration.ofSeconds(3);
                }));
  }

  @Test
  void thePollingKeysAreReadFromTheSameSection() {
    PollingConfig polling =
        read("host: h, aggregate_interval: 2m, delayed_event_grace: 0s,"
                + " encrypted_events_lookback: 30d, encrypted_events_batch: 500,"
                + " aggregate_exact_max_rows: 20000, role: confirm")
            .polling();
    assertThat(polling)
        .isEqualTo(
            new PollingConfig(
                Duration.ofMinutes(2),
                Duration.ZERO,
                Duration.ofDays(30),
                500,
                20_000,
                DatabaseRole.CONFIRM));
  }

  @Test
  void aReadablePasswordFileIsKeptAsItsPathOnly(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "s3cret\n");
    DatabaseConfig db = read("host: h, password_file: '" + file + "'");
    assertThat(db.passwordFile()).contains(file);
    assertThat(db.toString()).doesNotContain("s3cret");
  }

  @Test
  void aMissingPasswordFileIsRefusedOnlyWhenTheDatabaseIsUsed(@TempDir Path dir) {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> read("host: h, password_file: '" + missing + "'"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "key 'database.password_file': cannot read " + missing + " (no such file)");
    assertThat(read("enabled: false, password_file: '" + missing + "'").passwordFile())
        .as("a disabled database does not read its password file")
        .contains(missing);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          port: 5432|missing required key 'database.host'
          host: h, password: hunter2|key 'database.password': passwords are not accepted
          host: h, password_env: PGPW, password_file: /x|key 'database.password_file': set either password_env or password_file, not both
          host: h, port: 0|key 'database.port': must be between 1 and 65535
          host: h, name: ''|key 'database.name': must not be empty
          host: h, user: ' '|key 'database.user': must not be empty
          host: h, sslmode: verify-ca|key 'database.ssl_root_cert': is required when sslmode is
          host: h, sslmode: verify-full|key 'database.ssl_root_cert': is required when sslmode is
          host: h, sslmode: always|key 'database.sslmode'
          host: h, pool_size: 3|key 'database.pool_size': must be between 1 and 2
          host: h, poll_interval: 500ms|key 'database.poll_interval'
          host: h, statement_timeout: 6m|key 'database.statement_timeout'
          host: h, lock_timeout: 5ms|key 'database.lock_timeout'
          host: h, connect_timeout: 2m|key 'database.connect_timeout'
          host: h, aggregate_interval: 5s|key 'database.aggregate_interval'
          host: h, encrypted_events_batch: 99|key 'database.encrypted_events_batch'
          host: h, aggregate_exact_max_rows: 9999|key 'database.aggregate_exact_max_rows'
          host: h, role: write|key 'database.role'
          host: h, hots: x|unknown key 'database.hots' (did you mean 'host'?)
          """)
  void aBadValueNamesItsKey(String entries, String message) {
    YamlSections.assertRejected(() -> read(entries), message);
  }
}
