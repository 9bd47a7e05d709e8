package dev.e2ee.exporter.config;

import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads the {@code listen} section: address, port, connection limits, TLS and basic auth. */
final class ListenConfigReader {
  private ListenConfigReader() {}

  static ListenConfig read(Section s) {
    String address = s.string("address", ListenConfig.DEFAULTS.address());
    int port = s.integer("port", ListenConfig.DEFAULTS.port(), 1, 65535);
    if (address.isBlank()) {
      throw s.error(
          "address", "must not be empty (use 0.0.0.0 or :: to listen on every interface)");
    }
    String unusable = ListenAddress.problem(address);
    if (unusable != null) {
      throw s.error("address", unusable);
    }
    LimitsConfig d = LimitsConfig.DEFAULTS;
    LimitsConfig limits =
        new LimitsConfig(
            s.duration("header_timeout", d.headerTimeout(), ofSeconds(1), ofMinutes(5)),
            s.duration("idle_timeout", d.idleTimeout(), ofSeconds(1), ofHours(1)),
            s.integer("max_connections", d.maxConnections(), 1, 10_000));
    Optional<TlsConfig> tls = tls(s.section("tls"));
    Optional<BasicAuthConfig> auth = basicAuth(s.section("basic_auth"));
    s.finish();
    return new ListenConfig(address, port, tls, auth, limits);
  }

  private static Optional<TlsConfig> tls(Section s) {
    String cert = s.string("cert_file", "");
    String key = s.string("key_file", "");
    s.finish();
    if (cert.isBlank() && key.isBlank()) {
      return Optional.empty();
    }
    if (cert.isBlank() || key.isBlank()) {
      throw s.error(
          cert.isBlank() ? "cert_file" : "key_file", "TLS needs both cert_file and key_file");
    }
    for (String[] f : new String[][] {{"cert_file", cert}, {"key_file", key}}) {
      if (!Files.isReadable(Path.of(f[1]))) {
        throw s.error(f[0], "cannot read " + f[1]);
      }
    }
    return Optional.of(new TlsConfig(Path.of(cert), Path.of(key)));
  }

  private static Optional<BasicAuthConfig> basicAuth(Section s) {
    String user = s.string("username", "");
    String hash = s.string("password_hash", "");
    String hashFile = s.string("password_hash_file", "");
    String passwordFile = s.string("password_file", "");
    s.refuse(
        "password",
        "plain passwords are not accepted in the config; store a hash from"
            + " 'synapse-e2ee-exporter hash-password', or the password in a password_file");
    s.finish();
    if (user.isBlank() && hash.isBlank() && hashFile.isBlank() && passwordFile.isBlank()) {
      return Optional.empty();
    }
    if (!passwordFile.isBlank()) {
      if (!hash.isBlank() || !hashFile.isBlank()) {
        throw s.error("password_file", "set either a password_file or a password hash, not both");
      }
      if (user.isBlank()) {
        throw s.error("username", "basic auth needs a username");
      }
      try {
        PasswordFile.read(Path.of(passwordFile)); // refuse a file others may read, now
      } catch (ConfigException e) {
        throw s.error("password_file", String.valueOf(e.getMessage()));
      }
      return Optional.of(new BasicAuthConfig(user, "", Optional.of(Path.of(passwordFile))));
    }
    if (!hashFile.isBlank()) {
      if (!hash.isBlank()) {
        throw s.error(
            "password_hash_file", "set either password_hash or password_hash_file, not both");
      }
      try {
        hash = Files.readString(Path.of(hashFile), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw s.error("password_hash_file", "cannot read " + hashFile);
      }
    }
    if (user.isBlank() || hash.isBlank()) {
      throw s.error(
          user.isBlank() ? "username" : "password_hash",
          "basic auth needs a username and a password hash");
    }
    if (!PasswordHash.isWellFormed(hash)) {
      throw s.error(
          "password_hash",
          "is neither a hash made by 'synapse-e2ee-exporter hash-password'"
              + " (pbkdf2-sha256$...) nor a bcrypt hash ($2a$/$2b$/$2y$, as htpasswd -B writes)");
    }
    return Optional.of(new BasicAuthConfig(user, hash));
  }
}
