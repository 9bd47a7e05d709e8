package dev.e2ee.exporter.config;

import dev.e2ee.exporter.config.ExporterConfig.Database;
import dev.e2ee.exporter.config.ExporterConfig.Devices;
import dev.e2ee.exporter.config.ExporterConfig.Journald;
import dev.e2ee.exporter.config.ExporterConfig.Labels;
import dev.e2ee.exporter.config.ExporterConfig.Listen;
import dev.e2ee.exporter.config.ExporterConfig.LogFormat;
import dev.e2ee.exporter.config.ExporterConfig.LogLevel;
import dev.e2ee.exporter.config.ExporterConfig.Logs;
import dev.e2ee.exporter.config.ExporterConfig.Self;
import dev.e2ee.exporter.config.ExporterConfig.SslMode;
import dev.e2ee.exporter.config.ExporterConfig.StartAt;
import dev.e2ee.exporter.config.ExporterConfig.Synapse;
import dev.e2ee.exporter.config.ExporterConfig.UserIdMode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads and validates the YAML config file; the defaults of every key live here. */
public final class ConfigLoader {
  /** 9477: free on the first deployment's host (7880, 7881, 8008, 8070, 8071, 8080 are taken). */
  public static final int DEFAULT_PORT = 9477;

  public static final String DEFAULT_LOG_FILE = "/var/log/matrix-synapse/homeserver.log";

  /** Under the systemd unit's StateDirectory=; "" in the config turns positions off. */
  public static final String DEFAULT_POSITIONS_FILE =
      "/var/lib/synapse-e2ee-exporter/positions.json";

  private ConfigLoader() {}

  public static ExporterConfig load(Path file) {
    String name = file.toString();
    if (!Files.exists(file)) {
      throw new ConfigException(name + ": config file does not exist");
    }
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(name + ": config path is not a regular file");
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader, name);
    } catch (NoSuchFileException e) {
      throw new ConfigException(name + ": config file does not exist", e);
    } catch (MalformedInputException e) {
      throw new ConfigException(name + ": config file is not UTF-8 text", e);
    } catch (IOException e) {
      throw new ConfigException(name + ": cannot read config file: " + e.getMessage(), e);
    }
  }

  public static ExporterConfig parse(String yaml, String sourceName) {
    return parse(new StringReader(yaml), sourceName);
  }

  static ExporterConfig parse(Reader reader, String sourceName) {
    return read(Section.root(sourceName, YamlTreeParser.parse(reader, sourceName)));
  }

  /** Every leaf key path the loader understands, for documentation checks. */
  static Set<String> knownLeafKeys() {
    Section root =
        Section.root(
            "(keys)",
            YamlTreeParser.parse(
                new StringReader(
                    "synapse: {server_name: example.org}\ndatabase: {host: localhost}\n"),
                "(keys)"));
    read(root);
    Set<String> paths = new TreeSet<>(root.allDeclaredPaths());
    paths.removeIf(p -> paths.stream().anyMatch(other -> other.startsWith(p + ".")));
    return paths;
  }

  private static ExporterConfig read(Section root) {
    ExporterConfig config =
        new ExporterConfig(
            listen(root.section("listen")),
            exporter(root.section("exporter")),
            synapse(root.section("synapse")),
            logs(root.section("logs")),
            database(root.section("database")),
            labels(root.section("labels")),
            devices(root.section("devices")),
            diagnosis(root.section("diagnosis")),
            ConsoleConfigReader.ui(root.section("ui")),
            ConsoleConfigReader.capture(root.section("capture")));
    root.finish();
    return config;
  }

  private static Listen listen(Section s) {
    String address = s.string("address", "127.0.0.1");
    int port = s.integer("port", DEFAULT_PORT, 1, 65535);
    if (address.isBlank()) {
      throw s.error(
          "address", "must not be empty (use 0.0.0.0 or :: to listen on every interface)");
    }
    String unusable = ListenAddress.problem(address);
    if (unusable != null) {
      throw s.error("address", unusable);
    }
    ExporterConfig.Limits limits =
        new ExporterConfig.Limits(
            s.duration(
                "header_timeout",
                ExporterConfig.Limits.DEFAULTS.headerTimeout(),
                Duration.ofSeconds(1),
                Duration.ofMinutes(5)),
            s.duration(
                "idle_timeout",
                ExporterConfig.Limits.DEFAULTS.idleTimeout(),
                Duration.ofSeconds(1),
                Duration.ofHours(1)),
            s.integer(
                "max_connections", ExporterConfig.Limits.DEFAULTS.maxConnections(), 1, 10_000));
    Optional<ExporterConfig.Tls> tls = tls(s.section("tls"));
    Optional<ExporterConfig.BasicAuth> auth = basicAuth(s.section("basic_auth"));
    s.finish();
    return new Listen(address, port, tls, auth, limits);
  }

  private static Optional<ExporterConfig.Tls> tls(Section s) {
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
    return Optional.of(new ExporterConfig.Tls(Path.of(cert), Path.of(key)));
  }

  private static Optional<ExporterConfig.BasicAuth> basicAuth(Section s) {
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
      return Optional.of(
          new ExporterConfig.BasicAuth(user, "", Optional.of(Path.of(passwordFile))));
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
    return Optional.of(new ExporterConfig.BasicAuth(user, hash));
  }

  private static Self exporter(Section s) {
    Self exporter = new Self(s.choice("log_level", LogLevel.class, LogLevel.INFO));
    s.finish();
    return exporter;
  }

  private static Synapse synapse(Section s) {
    String serverName = s.requiredString("server_name");
    if (serverName.startsWith("@") || serverName.contains("/") || serverName.contains(" ")) {
      throw s.error(
          "server_name",
          "must be the bare server name (e.g. example.org), found '" + serverName + "'");
    }
    String zoneText = s.string("log_timezone", "system");
    ZoneId zone;
    try {
      zone = "system".equals(zoneText) ? ZoneId.systemDefault() : ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      throw s.error(
          "log_timezone",
          "unknown time zone '"
              + zoneText
              + "' (use an IANA name such as Europe/Berlin, UTC, or 'system')");
    }
    ExporterConfig.HealthProbe health = healthProbe(s);
    s.finish();
    return new Synapse(serverName, zone, health);
  }

  private static ExporterConfig.HealthProbe healthProbe(Section s) {
    String url = s.string("health_url", "");
    Duration interval =
        s.duration(
            "health_interval",
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            Duration.ofMinutes(5));
    Duration timeout =
        s.duration(
            "health_timeout",
            Duration.ofSeconds(2),
            Duration.ofMillis(100),
            Duration.ofSeconds(30));
    if (timeout.compareTo(interval) >= 0) {
      throw s.error(
          "health_timeout", "must be shorter than health_interval (" + interval.toSeconds() + "s)");
    }
    if (url.isEmpty()) {
      return new ExporterConfig.HealthProbe(Optional.empty(), interval, timeout);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw s.error("health_url", "not a URL: " + e.getReason());
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw s.error(
          "health_url",
          "must be an http:// or https:// URL with a host, e.g. http://127.0.0.1:8008/health");
    }
    if (uri.getUserInfo() != null) {
      throw s.error("health_url", "must not carry credentials (/health needs none)");
    }
    return new ExporterConfig.HealthProbe(Optional.of(uri), interval, timeout);
  }

  private static Logs logs(Section s) {
    boolean enabled = s.bool("enabled", true);
    Optional<Journald> journald = s.has("journald") ? Optional.of(journald(s)) : Optional.empty();
    List<String> files =
        s.stringList("files", journald.isPresent() ? List.of() : List.of(DEFAULT_LOG_FILE));
    if (enabled && files.isEmpty() && journald.isEmpty()) {
      throw s.error(
          "files",
          "must name at least one log file or glob, or set logs.journald (or logs.enabled: false)");
    }
    for (String f : files) {
      if (f.isBlank()) {
        throw s.error("files", "contains an empty path");
      }
    }
    Logs logs =
        new Logs(
            enabled,
            files,
            s.choice("format", LogFormat.class, LogFormat.AUTO),
            s.choice("start_at", StartAt.class, StartAt.END),
            s.integer("max_line_bytes", 1 << 20, 1024, 64 << 20),
            s.duration(
                "poll_interval",
                Duration.ofMillis(250),
                Duration.ofMillis(10),
                Duration.ofSeconds(10)),
            Optional.of(s.string("positions_file", DEFAULT_POSITIONS_FILE))
                .filter(v -> !v.isBlank())
                .map(Path::of),
            journald,
            s.integer("parse_threads", Logs.DEFAULT_PARSE_THREADS, 1, 64));
    s.finish();
    return logs;
  }

  private static Journald journald(Section logs) {
    Section j = logs.section("journald");
    Optional<String> unit = Optional.ofNullable(j.optionalString("unit")).filter(u -> !u.isBlank());
    List<String> matches = j.stringList("matches", List.of());
    for (String m : matches) {
      if (!m.matches("[A-Z0-9_]+=.*|\\+")) {
        throw j.error(
            "matches", "each match is FIELD=value (e.g. SYSLOG_IDENTIFIER=matrix-synapse) or +");
      }
    }
    if (unit.isEmpty() && matches.isEmpty()) {
      throw j.error(
          "unit",
          "set unit (e.g. matrix-synapse.service) or matches, or the whole journal is read");
    }
    Journald journald =
        new Journald(
            unit,
            matches,
            Optional.ofNullable(j.optionalString("directory"))
                .filter(d -> !d.isBlank())
                .map(Path::of),
            j.string("journalctl", "journalctl"));
    j.finish();
    return journald;
  }

  private static Database database(Section s) {
    boolean enabled = s.bool("enabled", true);
    String host = enabled ? s.requiredString("host") : s.string("host", "");
    Optional<String> passwordEnv =
        Optional.ofNullable(s.optionalString("password_env")).filter(v -> !v.isBlank());
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
    // Refused on purpose: config files get copied into tickets and backups.
    s.refuse(
        "password",
        "passwords are not accepted in the config file; use password_env or password_file");
    Database db =
        new Database(
            enabled,
            host,
            s.integer("port", 5432, 1, 65535),
            s.string("name", "synapse"),
            s.string("user", "synapse_e2ee_exporter"),
            passwordEnv,
            passwordFile,
            s.choice("sslmode", SslMode.class, SslMode.PREFER),
            Optional.ofNullable(s.optionalString("ssl_root_cert"))
                .filter(v -> !v.isBlank())
                .map(Path::of),
            s.integer("pool_size", 2, 1, 2),
            s.duration(
                "poll_interval",
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                Duration.ofHours(1)),
            s.duration(
                "statement_timeout",
                Duration.ofSeconds(5),
                Duration.ofMillis(100),
                Duration.ofMinutes(5)),
            s.duration(
                "lock_timeout",
                Duration.ofSeconds(1),
                Duration.ofMillis(10),
                Duration.ofMinutes(1)),
            s.duration(
                "connect_timeout",
                Duration.ofSeconds(5),
                Duration.ofMillis(100),
                Duration.ofMinutes(1)),
            new ExporterConfig.Polling(
                s.duration(
                    "aggregate_interval",
                    ExporterConfig.Polling.DEFAULTS.aggregateInterval(),
                    Duration.ofSeconds(10),
                    Duration.ofDays(1)),
                s.duration(
                    "delayed_event_grace",
                    ExporterConfig.Polling.DEFAULTS.delayedEventGrace(),
                    Duration.ZERO,
                    Duration.ofHours(1)),
                s.duration(
                    "encrypted_events_lookback",
                    ExporterConfig.Polling.DEFAULTS.encryptedEventsLookback(),
                    Duration.ZERO,
                    Duration.ofDays(3650)),
                s.integer(
                    "encrypted_events_batch",
                    ExporterConfig.Polling.DEFAULTS.encryptedEventsBatch(),
                    100,
                    100_000),
                s.integer(
                    "aggregate_exact_max_rows",
                    ExporterConfig.Polling.DEFAULT_AGGREGATE_EXACT_MAX_ROWS,
                    10_000,
                    Integer.MAX_VALUE),
                s.choice(
                    "role", ExporterConfig.DatabaseRole.class, ExporterConfig.DatabaseRole.POLL)));
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

  private static Labels labels(Section s) {
    UserIdMode mode = s.choice("user_id", UserIdMode.class, UserIdMode.FULL);
    String keyFile = s.string("user_id_hash_key_file", "");
    Optional<ExporterConfig.HashKey> key = Optional.empty();
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
      key = Optional.of(new ExporterConfig.HashKey(bytes));
    }
    Labels labels = new Labels(mode, key);
    s.finish();
    return labels;
  }

  private static ExporterConfig.Diagnosis diagnosis(Section s) {
    ExporterConfig.Diagnosis d =
        new ExporterConfig.Diagnosis(
            s.duration(
                "quiet_period",
                ExporterConfig.Diagnosis.DEFAULTS.quietPeriod(),
                Duration.ofMinutes(1),
                Duration.ofDays(1)),
            s.duration(
                "backlog_stall",
                ExporterConfig.Diagnosis.DEFAULTS.backlogStall(),
                Duration.ofSeconds(30),
                Duration.ofDays(1)));
    s.finish();
    return d;
  }

  private static Devices devices(Section s) {
    Devices devices =
        new Devices(
            s.integer("active_days", Devices.DEFAULTS.activeDays(), 1, 3650),
            s.integer("max_devices", Devices.DEFAULTS.maxDevices(), 1, 100_000),
            s.duration(
                "series_idle_ttl",
                Devices.DEFAULTS.seriesIdleTtl(),
                Duration.ofMinutes(1),
                Duration.ofDays(30)));
    s.finish();
    return devices;
  }
}
