package dev.e2ee.exporter.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The whole configuration, immutable once loaded. Every key is documented in {@code
 * deploy/config.example.yml}; {@link ConfigLoader} is the only place that reads it.
 */
public record ExporterConfig(
    Listen listen,
    Self exporter,
    Synapse synapse,
    Logs logs,
    Database database,
    Labels labels,
    Devices devices,
    Diagnosis diagnosis,
    UiConfig ui,
    CaptureConfig capture) {

  public ExporterConfig(
      Listen listen,
      Self exporter,
      Synapse synapse,
      Logs logs,
      Database database,
      Labels labels,
      Devices devices,
      Diagnosis diagnosis) {
    this(
        listen,
        exporter,
        synapse,
        logs,
        database,
        labels,
        devices,
        diagnosis,
        UiConfig.DEFAULTS,
        CaptureConfig.DEFAULTS);
  }

  public ExporterConfig(
      Listen listen,
      Self exporter,
      Synapse synapse,
      Logs logs,
      Database database,
      Labels labels,
      Devices devices) {
    this(listen, exporter, synapse, logs, database, labels, devices, Diagnosis.DEFAULTS);
  }

  /** The same config with other console and capture settings. */
  public ExporterConfig withConsole(UiConfig ui, CaptureConfig capture) {
    return new ExporterConfig(
        listen, exporter, synapse, logs, database, labels, devices, diagnosis, ui, capture);
  }

  /** The same config on another listener. */
  public ExporterConfig withListen(Listen listen) {
    return new ExporterConfig(
        listen, exporter, synapse, logs, database, labels, devices, diagnosis, ui, capture);
  }

  /** How the decision tree turns evidence into verdicts. */
  public record Diagnosis(Duration quietPeriod, Duration backlogStall) {
    public static final Diagnosis DEFAULTS =
        new Diagnosis(Duration.ofMinutes(10), Duration.ofMinutes(5));
  }

  /** The HTTP listener; TLS and basic auth are optional and off by default. */
  public record Listen(
      String address, int port, Optional<Tls> tls, Optional<BasicAuth> basicAuth, Limits limits) {
    public Listen(String address, int port) {
      this(address, port, Optional.empty(), Optional.empty(), Limits.DEFAULTS);
    }

    public Listen(String address, int port, Optional<Tls> tls, Optional<BasicAuth> basicAuth) {
      this(address, port, tls, basicAuth, Limits.DEFAULTS);
    }

    /** The host part of a URL a client on this machine uses: loopback for a wildcard address. */
    public String hostForLocalClients() {
      if ("0.0.0.0".equals(address) || "::".equals(address)) {
        return "127.0.0.1";
      }
      return hostAsBound();
    }

    /** The host part of a URL naming the address bound, wildcard included (0.0.0.0, [::]). */
    public String hostAsBound() {
      return address.contains(":") ? "[" + address + "]" : address;
    }
  }

  /** PEM files for HTTPS. */
  public record Tls(Path certFile, Path keyFile) {}

  /**
   * One user; the password as a slow hash (see the hash-password command), or in a file only the
   * exporter may read ({@code passwordFile}; then {@code passwordHash} is empty). The record holds
   * the file's path, never the password, so printing a config shows no secret.
   */
  public record BasicAuth(String username, String passwordHash, Optional<Path> passwordFile) {
    public BasicAuth(String username, String passwordHash) {
      this(username, passwordHash, Optional.empty());
    }
  }

  /**
   * What one client may hold of the listener: a connection that has not sent a whole request head
   * within {@code headerTimeout} is closed (a slow trickle included), an idle one after {@code
   * idleTimeout}, and connections beyond {@code maxConnections} are closed at once.
   */
  public record Limits(Duration headerTimeout, Duration idleTimeout, int maxConnections) {
    public static final Limits DEFAULTS =
        new Limits(Duration.ofSeconds(10), Duration.ofSeconds(60), 64);
  }

  /** The {@code exporter:} section: the exporter process itself. */
  public record Self(LogLevel logLevel) {}

  /**
   * The {@code synapse:} section.
   *
   * @param health the live probe of Synapse's {@code /health}: off unless a URL is configured
   */
  public record Synapse(String serverName, ZoneId logTimezone, HealthProbe health) {
    public Synapse(String serverName, ZoneId logTimezone) {
      this(serverName, logTimezone, HealthProbe.OFF);
    }
  }

  /**
   * How the exporter asks Synapse whether it answers at all: a frozen homeserver logs nothing and
   * its processing times leave the frozen time out, so only a probe from outside sees it.
   *
   * @param url {@code synapse.health_url}; empty: no probe
   */
  public record HealthProbe(Optional<URI> url, Duration interval, Duration timeout) {
    public static final HealthProbe OFF =
        new HealthProbe(Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(2));
  }

  /**
   * Which log files to follow and how.
   *
   * @param positionsFile where reading stopped per file, for a restart to resume there; empty = not
   *     kept
   */
  public record Logs(
      boolean enabled,
      List<String> files,
      LogFormat format,
      StartAt startAt,
      int maxLineBytes,
      Duration pollInterval,
      Optional<Path> positionsFile,
      Optional<Journald> journald,
      int parseThreads) {

    /**
     * At most this many threads parse a backlog ahead of the log program ({@code
     * logs.parse_threads}); fewer when the JVM may use fewer processors, and 1 reads in order on
     * the tailer thread alone.
     */
    public static final int DEFAULT_PARSE_THREADS = 4;

    public Logs(
        boolean enabled,
        List<String> files,
        LogFormat format,
        StartAt startAt,
        int maxLineBytes,
        Duration pollInterval,
        Optional<Path> positionsFile,
        Optional<Journald> journald) {
      this(
          enabled,
          files,
          format,
          startAt,
          maxLineBytes,
          pollInterval,
          positionsFile,
          journald,
          DEFAULT_PARSE_THREADS);
    }

    public Logs(
        boolean enabled,
        List<String> files,
        LogFormat format,
        StartAt startAt,
        int maxLineBytes,
        Duration pollInterval,
        Optional<Path> positionsFile) {
      this(
          enabled,
          files,
          format,
          startAt,
          maxLineBytes,
          pollInterval,
          positionsFile,
          Optional.empty());
    }

    /** Without a positions file (tests, one-off runs). */
    public Logs(
        boolean enabled,
        List<String> files,
        LogFormat format,
        StartAt startAt,
        int maxLineBytes,
        Duration pollInterval) {
      this(enabled, files, format, startAt, maxLineBytes, pollInterval, Optional.empty());
    }

    public Logs withPositionsFile(Optional<Path> file) {
      return new Logs(
          enabled,
          files,
          format,
          startAt,
          maxLineBytes,
          pollInterval,
          file,
          journald,
          parseThreads);
    }

    public Logs withJournald(Optional<Journald> selected) {
      return new Logs(
          enabled,
          files,
          format,
          startAt,
          maxLineBytes,
          pollInterval,
          positionsFile,
          selected,
          parseThreads);
    }

    public Logs withParseThreads(int threads) {
      return new Logs(
          enabled,
          files,
          format,
          startAt,
          maxLineBytes,
          pollInterval,
          positionsFile,
          journald,
          threads);
    }
  }

  /**
   * Synapse's entries in journald, read with {@code journalctl}: by unit, by explicit matches
   * ({@code SYSLOG_IDENTIFIER=matrix-synapse}), or both; from a journal directory instead of the
   * system journal when {@code directory} is set.
   */
  public record Journald(
      Optional<String> unit, List<String> matches, Optional<Path> directory, String journalctl) {}

  /**
   * Connection and polling settings. The password is deliberately not a field: only where to find
   * it, so that no toString or status page can ever print it.
   */
  public record Database(
      boolean enabled,
      String host,
      int port,
      String name,
      String user,
      Optional<String> passwordEnv,
      Optional<Path> passwordFile,
      SslMode sslMode,
      Optional<Path> sslRootCert,
      int poolSize,
      Duration pollInterval,
      Duration statementTimeout,
      Duration lockTimeout,
      Duration connectTimeout,
      Polling polling) {}

  /**
   * How the collectors poll: what is cheap runs every round, whole-table aggregates less often.
   *
   * @param aggregateExactMaxRows above this many rows (planner statistics) a whole-table aggregate
   *     is estimated from a sample or from the statistics, and says so, instead of read whole
   * @param role what this exporter reads of the database (database.role)
   */
  public record Polling(
      Duration aggregateInterval,
      Duration delayedEventGrace,
      Duration encryptedEventsLookback,
      int encryptedEventsBatch,
      int aggregateExactMaxRows,
      DatabaseRole role) {
    /** The database keys of polling when the file leaves them out, as every section's DEFAULTS. */
    public static final Polling DEFAULTS =
        new Polling(
            Duration.ofMinutes(5),
            Duration.ofSeconds(10),
            Duration.ofDays(7),
            5000,
            1_000_000,
            DatabaseRole.POLL);

    public Polling(
        Duration aggregateInterval,
        Duration delayedEventGrace,
        Duration encryptedEventsLookback,
        int encryptedEventsBatch) {
      this(
          aggregateInterval,
          delayedEventGrace,
          encryptedEventsLookback,
          encryptedEventsBatch,
          DEFAULTS.aggregateExactMaxRows(),
          DEFAULTS.role());
    }
  }

  /**
   * What an exporter reads of the database. With Synapse workers on several hosts exactly one
   * exporter polls; the others read their logs and may confirm the KE-1 conflicts those logs show
   * (runbook Q1 needs the rejected key id from the log and the stored key in one process). Which
   * collectors a role runs is listed in {@code db.CollectorRegistry}; the rest of what a role
   * decides is here.
   */
  public enum DatabaseRole {
    /** Every collector: per-device keys, inbox, delayed events, KE-3, whole-table figures. */
    POLL("polled", true),
    /** Only the Q1 lookup of the key ids this exporter's logs saw rejected. */
    CONFIRM("confirms", false);

    private final String infoValue;
    private final boolean listsDevices;

    DatabaseRole(String infoValue, boolean listsDevices) {
      this.infoValue = infoValue;
      this.listsDevices = listsDevices;
    }

    /** The {@code database} label of {@code synapse_e2ee_homeserver_info}. */
    public String infoValue() {
      return infoValue;
    }

    /**
     * Whether this role chooses the watched devices (and says how many); a confirming exporter
     * looks up only the devices its logs name, and must not report 0 watched.
     */
    public boolean listsDevices() {
      return listsDevices;
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * How users appear in labels.
   *
   * @param hashKey the secret key of {@code user_id: hash}, present exactly in that mode
   */
  public record Labels(UserIdMode userId, Optional<HashKey> hashKey) {
    public Labels(UserIdMode userId) {
      this(userId, Optional.empty());
    }
  }

  /** The HMAC key for hashed user labels; its bytes never reach a toString, log or page. */
  public static final class HashKey {
    private final byte[] key;

    public HashKey(byte[] key) {
      this.key = key.clone();
    }

    public byte[] bytes() {
      return key.clone();
    }

    @Override
    public String toString() {
      return "HashKey[" + key.length + " bytes]";
    }
  }

  public record Devices(int activeDays, int maxDevices, Duration seriesIdleTtl) {
    /**
     * The {@code devices:} section when the file leaves it out, and the values it falls back to.
     */
    public static final Devices DEFAULTS = new Devices(7, 500, Duration.ofHours(1));

    public Devices withMaxDevices(int maxDevices) {
      return new Devices(activeDays, maxDevices, seriesIdleTtl);
    }
  }

  public enum LogLevel {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * How Synapse's log reaches the file: its own text or JSON formatter, through syslog, inside
   * Docker's json-file driver, or {@code auto}: told per file from its first records.
   */
  public enum LogFormat {
    AUTO,
    TEXT,
    JSON,
    SYSLOG,
    DOCKER_JSON;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public enum StartAt {
    END,
    BEGINNING;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** PostgreSQL's sslmode values, spelled as libpq spells them. */
  public enum SslMode {
    DISABLE("disable"),
    ALLOW("allow"),
    PREFER("prefer"),
    REQUIRE("require"),
    VERIFY_CA("verify-ca"),
    VERIFY_FULL("verify-full");

    private final String spelling;

    SslMode(String spelling) {
      this.spelling = spelling;
    }

    @Override
    public String toString() {
      return spelling;
    }
  }

  /** How user ids appear in labels: as they are, only the localpart, or a salted hash. */
  public enum UserIdMode {
    FULL,
    LOCALPART,
    HASH;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
