package dev.e2ee.exporter.config;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads the {@code database} section: the connection, its password source and the polling settings.
 */
final class DatabaseConfigReader {
  private DatabaseConfigReader() {}

  static DatabaseConfig read(Section s) {
    DatabaseConfig d = DatabaseConfig.DEFAULTS;
    boolean enabled = s.bool("enabled", true);
    String host = enabled ? s.requiredString("host") : s.string("host", "");
    Optional<String> passwordEnv =
        Optional.ofNullable(s.optionalString("password_env")).filter(v -> !v.isBlank());
    Optional<Path> passwordFile = passwordFile(s, enabled, passwordEnv);
    // Refused on purpose: config files get copied into tickets and backups.
    s.refuse(
        "password",
        "passwords are not accepted in the config file; use password_env or password_file");
    DatabaseConfig db =
        new DatabaseConfig(
            enabled,
            host,
            s.integer("port", d.port(), 1, 65535),
            s.string("name", d.name()),
            s.string("user", d.user()),
            passwordEnv,
            passwordFile,
            s.choice("sslmode", SslMode.class, d.sslMode()),
            Optional.ofNullable(s.optionalString("ssl_root_cert"))
                .filter(v -> !v.isBlank())
                .map(Path::of),
            s.integer("pool_size", d.poolSize(), 1, 2),
            s.duration("poll_interval", d.pollInterval(), ofSeconds(1), ofHours(1)),
            s.duration("statement_timeout", d.statementTimeout(), ofMillis(100), ofMinutes(5)),
            s.duration("lock_timeout", d.lockTimeout(), ofMillis(10), ofMinutes(1)),
            s.duration("connect_timeout", d.connectTimeout(), ofMillis(100), ofMinutes(1)),
            polling(s));
    if (db.name().isBlank()) {
      throw s.error("name", "must not be empty");
    }
    if (db.user().isBlank()) {
      throw s.error("user", "must not be empty");
    }
    if ((db.sslMode() == SslMode.VERIFY_CA || db.sslMode() == SslMode.VERIFY_FULL)
        && db.sslRootCert().isEmpty()) {
      throw s.error("ssl_root_cert", "is required when sslmode is " + db.sslMode());
    }
    s.finish();
    return db;
  }

  /** The collectors' schedule and the database role: keys of the same section. */
  private static PollingConfig polling(Section s) {
    PollingConfig d = PollingConfig.DEFAULTS;
    return new PollingConfig(
        s.duration("aggregate_interval", d.aggregateInterval(), ofSeconds(10), ofDays(1)),
        s.duration("delayed_event_grace", d.delayedEventGrace(), Duration.ZERO, ofHours(1)),
        s.duration(
            "encrypted_events_lookback", d.encryptedEventsLookback(), Duration.ZERO, ofDays(3650)),
        s.integer("encrypted_events_batch", d.encryptedEventsBatch(), 100, 100_000),
        s.integer("aggregate_exact_max_rows", d.aggregateExactMaxRows(), 10_000, Integer.MAX_VALUE),
        s.choice("role", DatabaseRole.class, PollingConfig.DEFAULTS.role()));
  }

  /** The password file, if set: never beside password_env, and readable now when in use. */
  private static Optional<Path> passwordFile(
      Section s, boolean enabled, Optional<String> passwordEnv) {
    Optional<Path> passwordFile =
        Optional.ofNullable(s.optionalString("password_file"))
            .filter(v -> !v.isBlank())
            .map(Path::of);
    if (passwordEnv.isPresent() && passwordFile.isPresent()) {
      throw s.error("password_file", "set either password_env or password_file, not both");
    }
    if (enabled && passwordFile.isPresent() && !Files.isReadable(passwordFile.get())) {
      throw s.error(
          "password_file",
          "cannot read "
              + passwordFile.get()
              + (Files.exists(passwordFile.get())
                  ? " (permission denied for this user)"
                  : " (no such file)"));
    }
    return passwordFile;
  }
}
