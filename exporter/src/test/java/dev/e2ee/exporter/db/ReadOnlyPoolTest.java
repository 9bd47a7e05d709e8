package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.config.SslMode;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The options every session opens with: read-only and time-limited by the server itself, named in
 * pg_stat_activity, and TLS verified as libpq's sslmode says.
 */
class ReadOnlyPoolTest {
  private static final Path CA = Path.of("/etc/synapse-e2ee-exporter/db-ca.pem");

  /** The shipped defaults (host, port, name, user, timeouts) with a password and a TLS mode. */
  private static DatabaseConfig database(SslMode mode) {
    return DatabaseConfig.DEFAULTS.with(
        d -> {
          d.passwordEnv = Optional.of("EXPORTER_DB_PASSWORD");
          d.sslMode = mode;
          d.sslRootCert = Optional.of(CA);
        });
  }

  private static PgConnectOptions options(SslMode mode) {
    return ReadOnlyPool.connectOptions(
        database(mode), Map.of("EXPORTER_DB_PASSWORD", "from-the-environment"));
  }

  @Test
  void everySessionIsReadOnlyTimeLimitedAndNamed() {
    PgConnectOptions options = options(SslMode.REQUIRE);
    assertThat(options.getProperties())
        .containsEntry("default_transaction_read_only", "on")
        .containsEntry("application_name", "synapse-e2ee-exporter")
        .containsEntry("statement_timeout", "5000")
        .containsEntry("lock_timeout", "1000")
        .containsEntry("idle_in_transaction_session_timeout", "10000");
    assertThat(options.getPort()).isEqualTo(5432);
    assertThat(options.getDatabase()).isEqualTo("synapse");
    assertThat(options.getUser()).isEqualTo("synapse_e2ee_exporter");
    assertThat(options.getPassword()).isEqualTo("from-the-environment");
    assertThat(options.getReconnectAttempts()).as("the poller reconnects itself").isZero();
  }

  @ParameterizedTest(name = "sslmode {0}")
  @CsvSource({
    "DISABLE, disable, true, ''",
    "PREFER, prefer, true, ''",
    "REQUIRE, require, true, ''",
    "VERIFY_CA, verify-ca, false, ''",
    "VERIFY_FULL, verify-full, false, HTTPS",
  })
  void tlsIsVerifiedExactlyAsLibpqsSslModeSays(
      SslMode mode, String pgMode, boolean trustAll, String hostnameVerification) {
    PgConnectOptions options = options(mode);
    assertThat(options.getSslMode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
        .isEqualTo(pgMode);
    ClientSSLOptions ssl = options.getSslOptions();
    assertThat(ssl.isTrustAll()).isEqualTo(trustAll);
    assertThat(ssl.getHostnameVerificationAlgorithm()).isEqualTo(hostnameVerification);
    if (!trustAll) {
      assertThat(ssl.getTrustOptions())
          .isInstanceOfSatisfying(
              PemTrustOptions.class,
              trust -> assertThat(trust.getCertPaths()).containsExactly(CA.toString()));
    }
  }
}
