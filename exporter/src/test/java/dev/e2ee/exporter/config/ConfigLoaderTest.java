package dev.e2ee.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

class ConfigLoaderTest {
  static final Path REPO =
      Path.of(System.getProperty("project.basedir", "exporter")).toAbsolutePath().getParent();
  static final String MINIMAL =
      "synapse:\n  server_name: example.org\ndatabase:\n  host: 127.0.0.1\n";

  @Test
  void exampleConfigLoadsWithItsDocumentedValues() {
    ExporterConfig config = ConfigLoader.load(REPO.resolve("deploy/config.example.yml"));
    assertThat(config.listen().address()).isEqualTo("127.0.0.1");
    assertThat(config.listen().port()).isEqualTo(9477);
    assertThat(config.synapse().serverName()).isEqualTo("example.org");
    assertThat(config.logs().files()).containsExactly("/var/log/matrix-synapse/homeserver.log");
    assertThat(config.logs().startAt()).isEqualTo(StartAt.END);
    assertThat(config.logs().maxLineBytes()).isEqualTo(1 << 20);
    assertThat(config.logs().parseThreads()).isEqualTo(4);
    assertThat(config.database().host()).isEqualTo("db.example.internal");
    assertThat(config.database().passwordEnv()).contains("SYNAPSE_E2EE_DB_PASSWORD");
    assertThat(config.database().sslMode()).isEqualTo(SslMode.PREFER);
    assertThat(config.database().pollInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.labels().userId()).isEqualTo(UserIdMode.FULL);
    assertThat(config.devices().maxDevices()).isEqualTo(500);
  }

  @Test
  void exampleConfigAndConfigurationPageDocumentEveryKey() throws Exception {
    String example = Files.readString(REPO.resolve("deploy/config.example.yml"));
    String reference = Files.readString(REPO.resolve("docs/configuration.md"));
    assertThat(ConfigLoader.knownLeafKeys())
        .hasSizeGreaterThan(20)
        .allSatisfy(
            path -> {
              String leaf = path.substring(path.lastIndexOf('.') + 1);
              assertThat(Pattern.compile("(?m)^\\s*#?\\s*" + leaf + ":").matcher(example).find())
                  .as("deploy/config.example.yml documents %s", path)
                  .isTrue();
              assertThat(reference)
                  .as("docs/configuration.md documents %s", path)
                  .contains("`" + path + "`");
            });
  }

  @Test
  void minimalConfigGetsDefaults() {
    ExporterConfig config = ConfigLoader.parse(MINIMAL, "min.yml");
    assertThat(config.listen().port()).isEqualTo(ListenConfig.DEFAULT_PORT);
    assertThat(config.database().poolSize()).isEqualTo(2);
    // At most 4 workers, fewer as the processors allow (ParseWorkersTest).
    assertThat(config.logs().parseThreads()).isEqualTo(4);
    assertThat(config.database().statementTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.database().passwordEnv()).isEmpty();
    assertThat(config.logs().pollInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.logs().positionsFile())
        .contains(Path.of("/var/lib/synapse-e2ee-exporter/positions.json"));
  }

  @Test
  void theHealthProbeIsOffUnlessAUrlIsConfiguredAndItsUrlAndTimesAreChecked() {
    HealthProbeConfig off = ConfigLoader.parse(MINIMAL, "min.yml").synapse().health();
    assertThat(off.url()).isEmpty();
    assertThat(off.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(off.timeout()).isEqualTo(Duration.ofSeconds(2));
    String on =
        """
        synapse:
          server_name: example.org
          health_url: http://127.0.0.1:8008/health
          health_timeout: 500ms
        database:
          host: 127.0.0.1
        """;
    HealthProbeConfig probe = ConfigLoader.parse(on, "on.yml").synapse().health();
    assertThat(probe.url()).contains(java.net.URI.create("http://127.0.0.1:8008/health"));
    assertThat(probe.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(
            () -> ConfigLoader.parse(on.replace("http://127.0.0.1", "ftp://h"), "bad.yml"))
        .hasMessageContaining("key 'synapse.health_url': must be an http:// or https:// URL");
    assertThatThrownBy(
            () -> ConfigLoader.parse(on.replace("http://", "http://u:secret@"), "bad.yml"))
        .hasMessageContaining("must not carry credentials");
    assertThatThrownBy(() -> ConfigLoader.parse(on.replace("500ms", "10s"), "bad.yml"))
        .hasMessageContaining("key 'synapse.health_timeout': must be shorter than health_interval");
  }

  @Test
  void anEmptyPositionsFileTurnsPositionsOff() {
    assertThat(
            ConfigLoader.parse(MINIMAL + "logs:\n  positions_file: \"\"\n", "x.yml")
                .logs()
                .positionsFile())
        .isEmpty();
    assertThat(
            ConfigLoader.parse(MINIMAL + "logs:\n  positions_file: /srv/p.json\n", "x.yml")
                .logs()
                .positionsFile())
        .contains(Path.of("/srv/p.json"));
  }

  @Test
  void unknownKeyIsNamedWithLineAndSuggestion() {
    String yaml = MINIMAL + "logs:\n  start_from: beginning\n";
    assertThatThrownBy(() -> ConfigLoader.parse(yaml, "bad.yml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("bad.yml:6: unknown key 'logs.start_from' (did you mean 'start_at'?)");
  }

  @Test
  void unknownTopLevelSectionIsNamed() {
    assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "databse:\n  port: 1\n", "bad.yml"))
        .hasMessage("bad.yml:5: unknown key 'databse' (did you mean 'database'?)");
  }

  @Test
  void wrongTypeNamesKeyAndLine() {
    assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "listen:\n  port: [1, 2]\n", "bad.yml"))
        .hasMessage("bad.yml:6: key 'listen.port': expected an integer, found a list");
    assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "logs:\n  enabled: maybe\n", "bad.yml"))
        .hasMessage("bad.yml:6: key 'logs.enabled': expected true or false, found 'maybe'");
    assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "database:\n", "bad.yml"))
        .hasMessageContaining("appears twice");
  }

  @Test
  void invalidPortIsRejected() {
    assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "listen:\n  port: 70000\n", "bad.yml"))
        .hasMessage("bad.yml:6: key 'listen.port': must be between 1 and 65535, found 70000");
    assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "listen:\n  port: http\n", "bad.yml"))
        .hasMessage("bad.yml:6: key 'listen.port': expected an integer, found 'http'");
  }

  @Test
  void missingRequiredKeyIsNamed() {
    assertThatThrownBy(() -> ConfigLoader.parse("database:\n  host: x\n", "bad.yml"))
        .hasMessage(
            "bad.yml:1: missing required key 'synapse.server_name' in section 'synapse' (line 1)");
    assertThatThrownBy(
            () -> ConfigLoader.parse("synapse:\n  server_name: example.org\n", "bad.yml"))
        .hasMessageContaining("missing required key 'database.host'");
  }

  @Test
  void disabledDatabaseNeedsNoHost() {
    ExporterConfig config =
        ConfigLoader.parse(
            "synapse:\n  server_name: example.org\ndatabase:\n  enabled: false\n", "x.yml");
    assertThat(config.database().enabled()).isFalse();
  }

  @Test
  void badEnumValueListsTheChoicesAndSuggests() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    MINIMAL.replace("host: 127.0.0.1", "host: h\n  sslmode: requir"), "bad.yml"))
        .hasMessage(
            "bad.yml:5: key 'database.sslmode': must be one of disable, allow, prefer, require, verify-ca,"
                + " verify-full, found 'requir' (did you mean 'require'?)");
  }

  @Test
  void badDurationAndRangeAreExplained() {
    assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "  poll_interval: 30\n", "bad.yml"))
        .hasMessage(
            "bad.yml:5: key 'database.poll_interval': expected a duration like 250ms, 30s, 5m, 1h or 7d, found '30'");
    assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "  pool_size: 8\n", "bad.yml"))
        .hasMessage("bad.yml:5: key 'database.pool_size': must be between 1 and 2, found 8");
    assertThatThrownBy(
            () -> ConfigLoader.parse(MINIMAL + "  aggregate_exact_max_rows: 100\n", "bad.yml"))
        .hasMessage(
            "bad.yml:5: key 'database.aggregate_exact_max_rows': must be between 10000 and 2147483647, found 100");
    assertThat(
            ConfigLoader.parse(MINIMAL + "  aggregate_exact_max_rows: 50000000\n", "ok.yml")
                .database()
                .polling()
                .aggregateExactMaxRows())
        .isEqualTo(50_000_000);
    assertThat(ConfigLoader.parse(MINIMAL, "ok.yml").database().polling().aggregateExactMaxRows())
        .isEqualTo(1_000_000);
    assertThat(ConfigLoader.parse(MINIMAL, "ok.yml").database().polling().role())
        .isEqualTo(DatabaseRole.POLL);
    assertThat(
            ConfigLoader.parse(MINIMAL + "  role: confirm\n", "ok.yml").database().polling().role())
        .isEqualTo(DatabaseRole.CONFIRM);
    assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "  role: confirms\n", "bad.yml"))
        .hasMessage(
            "bad.yml:5: key 'database.role': must be one of poll, confirm, found 'confirms' (did you mean 'confirm'?)");
  }

  @Test
  void passwordInFileIsRefused() {
    assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "  password: hunter2\n", "bad.yml"))
        .hasMessageStartingWith("bad.yml:5: key 'database.password': passwords are not accepted")
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  void verifyModesNeedACertificate() {
    assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "  sslmode: verify-full\n", "bad.yml"))
        .hasMessageContaining("'database.ssl_root_cert': is required when sslmode is verify-full");
  }

  @Test
  void invalidYamlNamesTheLine() {
    assertThatThrownBy(() -> ConfigLoader.parse("synapse:\n  server_name: [unclosed\n", "bad.yml"))
        .hasMessageStartingWith("bad.yml:")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void topLevelMustBeAMapping() {
    assertThatThrownBy(() -> ConfigLoader.parse("- a\n- b\n", "bad.yml"))
        .hasMessage("bad.yml:1: the top level must be a mapping of sections, found a list");
  }

  @Test
  void missingAndUnreadableFilesAreClear(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope.yml");
    assertThatThrownBy(() -> ConfigLoader.load(missing))
        .hasMessage(missing + ": config file does not exist");
    assertThatThrownBy(() -> ConfigLoader.load(dir))
        .hasMessage(dir + ": config path is not a regular file");
    Path binary = dir.resolve("binary.yml");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
    assertThatThrownBy(() -> ConfigLoader.load(binary))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(binary + ":");
    Path locked = dir.resolve("locked.yml");
    Files.writeString(locked, MINIMAL);
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    if (!Files.isReadable(
        locked)) { // root can read anything; the check is meaningful for the service user
      assertThatThrownBy(() -> ConfigLoader.load(locked)).hasMessageContaining("cannot read");
    }
  }

  @Test
  void passwordComesFromEnvOrFileAndIsNeverInTheConfigRecord(@TempDir Path dir) throws Exception {
    DatabaseConfig fromEnv =
        ConfigLoader.parse(MINIMAL + "  password_env: PGPW\n", "x.yml").database();
    assertThat(Secrets.databasePassword(fromEnv, Map.of("PGPW", "s3cret"))).isEqualTo("s3cret");
    assertThat(fromEnv.toString()).doesNotContain("s3cret");
    assertThatThrownBy(() -> Secrets.databasePassword(fromEnv, Map.of()))
        .hasMessage("database.password_env: environment variable PGPW is not set");

    Path file = dir.resolve("pw");
    Files.writeString(file, "from-file\n");
    DatabaseConfig fromFile =
        ConfigLoader.parse(MINIMAL + "  password_file: " + file + "\n", "x.yml").database();
    assertThat(fromFile.passwordFile()).isEqualTo(Optional.of(file));
    assertThat(Secrets.databasePassword(fromFile, Map.of())).isEqualTo("from-file");
    assertThatThrownBy(
            () -> ConfigLoader.parse(MINIMAL + "  password_env: A\n  password_file: /x\n", "x.yml"))
        .hasMessageContaining("set either password_env or password_file, not both");
    // An unreadable password file is named with its config line, in words, not a Java class name.
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    MINIMAL + "  password_file: " + dir.resolve("absent") + "\n", "x.yml"))
        .hasMessage(
            "x.yml:5: key 'database.password_file': cannot read "
                + dir.resolve("absent")
                + " (no such file)");
  }

  @Test
  void anUnusableListenAddressIsAConfigErrorNamingTheKey() {
    assertThatThrownBy(
            () -> ConfigLoader.parse(MINIMAL + "listen:\n  address: 999.1.1.1\n", "x.yml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "x.yml:6: key 'listen.address': 999.1.1.1 is not an IPv4 address (four numbers 0-255 separated by dots)");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(MINIMAL + "listen:\n  address: no-such-host.invalid\n", "x.yml"))
        .hasMessageContaining(
            "'listen.address': no-such-host.invalid is neither an IP address nor a host name that resolves");
    assertThat(
            ConfigLoader.parse(MINIMAL + "listen:\n  address: '::1'\n", "x.yml").listen().address())
        .isEqualTo("::1");
  }

  @Test
  void listenerLimitsHaveDefaultsAndBounds() {
    LimitsConfig limits = ConfigLoader.parse(MINIMAL, "x.yml").listen().limits();
    assertThat(limits).isEqualTo(LimitsConfig.DEFAULTS);
    assertThat(
            ConfigLoader.parse(
                    MINIMAL + "listen:\n  header_timeout: 3s\n  max_connections: 8\n", "x.yml")
                .listen()
                .limits())
        .isEqualTo(new LimitsConfig(Duration.ofSeconds(3), Duration.ofSeconds(60), 8));
    assertThatThrownBy(
            () -> ConfigLoader.parse(MINIMAL + "listen:\n  max_connections: 0\n", "x.yml"))
        .hasMessageContaining("'listen.max_connections'");
  }

  @Test
  void hashedUserLabelsNeedAReadableKey(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "labels:\n  user_id: hash\n", "x.yml"))
        .hasMessageContaining(
            "key 'labels.user_id_hash_key_file': user_id: hash needs a secret key file");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    MINIMAL
                        + "labels:\n  user_id: hash\n  user_id_hash_key_file: "
                        + dir.resolve("absent")
                        + "\n",
                    "x.yml"))
        .hasMessageContaining("cannot read " + dir.resolve("absent"));
    Path key = Files.write(dir.resolve("key"), new byte[32]);
    LabelsConfig labels =
        ConfigLoader.parse(
                MINIMAL + "labels:\n  user_id: hash\n  user_id_hash_key_file: " + key + "\n",
                "x.yml")
            .labels();
    assertThat(labels.hashKey()).hasValueSatisfying(k -> assertThat(k.bytes()).hasSize(32));
    assertThat(labels.toString()).doesNotContain("[0, 0");
  }

  @Test
  void bcryptHashesAsHtpasswdWritesThemAreAccepted() {
    // htpasswd -nbB prometheus 'correct horse' (cost 5): the $2y$ prefix Apache writes.
    String bcrypt = BCrypt.hashpw("correct horse", BCrypt.gensalt("$2y", 5));
    ExporterConfig ok =
        ConfigLoader.parse(
            MINIMAL
                + "listen:\n  basic_auth:\n    username: p\n    password_hash: '"
                + bcrypt
                + "'\n",
            "x.yml");
    assertThat(
            PasswordHash.verify(
                "correct horse".toCharArray(),
                ok.listen().basicAuth().orElseThrow().passwordHash()))
        .isTrue();
    assertThat(PasswordHash.verify("wrong".toCharArray(), bcrypt)).isFalse();
    for (String prefix : List.of("$2a", "$2b")) {
      String h = BCrypt.hashpw("pw", BCrypt.gensalt(prefix, 4));
      assertThat(PasswordHash.isWellFormed(h)).as(prefix).isTrue();
      assertThat(PasswordHash.verify("pw".toCharArray(), h)).as(prefix).isTrue();
    }
  }

  @Test
  void logFilesAcceptAListOrOnePath() {
    assertThat(
            ConfigLoader.parse(MINIMAL + "logs:\n  files: /var/log/a.log\n", "x.yml")
                .logs()
                .files())
        .isEqualTo(List.of("/var/log/a.log"));
    assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "logs:\n  files: []\n", "x.yml"))
        .hasMessageContaining("'logs.files': must name at least one log file");
  }

  @Test
  void basicAuthTakesOnlyAHashAndTlsNeedsBothFiles(@TempDir Path dir) throws Exception {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    MINIMAL + "listen:\n  basic_auth:\n    username: p\n    password: hunter2\n",
                    "x.yml"))
        .hasMessageStartingWith(
            "x.yml:8: key 'listen.basic_auth.password': plain passwords are not accepted")
        .message()
        .doesNotContain("hunter2");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    MINIMAL + "listen:\n  basic_auth:\n    username: p\n    password_hash: abc\n",
                    "x.yml"))
        .hasMessageContaining(
            "'listen.basic_auth.password_hash': is neither a hash made by 'synapse-e2ee-exporter hash-password'");
    String hash = PasswordHash.hash("long enough".toCharArray());
    ExporterConfig ok =
        ConfigLoader.parse(
            MINIMAL
                + "listen:\n  basic_auth:\n    username: p\n    password_hash: '"
                + hash
                + "'\n",
            "x.yml");
    assertThat(ok.listen().basicAuth())
        .hasValueSatisfying(a -> assertThat(a.username()).isEqualTo("p"));
    Path cert = Files.writeString(dir.resolve("c.pem"), "x");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    MINIMAL + "listen:\n  tls:\n    cert_file: " + cert + "\n", "x.yml"))
        .hasMessageContaining("'listen.tls.key_file': TLS needs both cert_file and key_file");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    MINIMAL
                        + "listen:\n  tls:\n    cert_file: "
                        + cert
                        + "\n    key_file: /nonexistent/k.pem\n",
                    "x.yml"))
        .hasMessageContaining("'listen.tls.key_file': cannot read /nonexistent/k.pem");
  }

  @Test
  void localClientsReachAWildcardListenerOnLoopback() {
    assertThat(new ListenConfig("0.0.0.0", 1).hostForLocalClients()).isEqualTo("127.0.0.1");
    assertThat(new ListenConfig("::", 1).hostForLocalClients()).isEqualTo("127.0.0.1");
    assertThat(new ListenConfig("::1", 1).hostForLocalClients()).isEqualTo("[::1]");
    assertThat(new ListenConfig("192.0.2.7", 1).hostForLocalClients()).isEqualTo("192.0.2.7");
  }

  @Test
  void theStartLineNamesTheAddressBoundNotTheOneLocalClientsUse() {
    assertThat(new ListenConfig("0.0.0.0", 1).hostAsBound()).isEqualTo("0.0.0.0");
    assertThat(new ListenConfig("::", 1).hostAsBound()).isEqualTo("[::]");
    assertThat(new ListenConfig("127.0.0.1", 1).hostAsBound()).isEqualTo("127.0.0.1");
  }

  @Test
  void badTimezoneIsExplained() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "synapse:\n  server_name: e.org\n  log_timezone: Mars/Base\ndatabase:\n  host: h\n",
                    "x.yml"))
        .hasMessage(
            "x.yml:3: key 'synapse.log_timezone': unknown time zone 'Mars/Base' (use an IANA name such as"
                + " Europe/Berlin, UTC, or 'system')");
  }
}
