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

class ListenConfigReaderTest {
  private static final String HASH = PasswordHash.hash("correct horse".toCharArray());

  private static ListenConfig read(String entries) {
    return ListenConfigReader.read(section("listen", "listen: {" + entries + "}"));
  }

  @Test
  void aLeftOutSectionIsTheLoopbackDefault() {
    assertThat(ListenConfigReader.read(section("listen", ""))).isEqualTo(ListenConfig.DEFAULTS);
  }

  @Test
  void addressPortAndLimitsAreRead() {
    ListenConfig listen =
        read(
            "address: '::1', port: 18830, header_timeout: 5s, idle_timeout: 2m,"
                + " max_connections: 64");
    assertThat(listen.address()).isEqualTo("::1");
    assertThat(listen.port()).isEqualTo(18830);
    assertThat(listen.limits())
        .isEqualTo(new LimitsConfig(Duration.ofSeconds(5), Duration.ofMinutes(2), 64));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "address: ''|key 'listen.address': must not be empty",
        "address: 127.0.0.256|key 'listen.address': 127.0.0.256 is not an IPv4 address",
        "address: no-such-host.invalid|key 'listen.address': no-such-host.invalid is neither",
        "port: 0|key 'listen.port': must be between 1 and 65535",
        "port: 65536|key 'listen.port': must be between 1 and 65535",
        "max_connections: 10001|key 'listen.max_connections'",
        "header_timeout: 10m|key 'listen.header_timeout'",
        "tls: {cert_file: /etc/ssl/cert.pem}|key 'listen.tls.key_file': TLS needs both",
        "tls: {key_file: /etc/ssl/key.pem}|key 'listen.tls.cert_file': TLS needs both",
        "tls: {cert_file: /nonexistent/c.pem, key_file: /nonexistent/k.pem}|key"
            + " 'listen.tls.cert_file': cannot read /nonexistent/c.pem",
        "tls: {cert: x}|unknown key 'listen.tls.cert'",
        "basic_auth: {username: p, password: hunter2}|key 'listen.basic_auth.password': plain"
            + " passwords are not accepted",
        "basic_auth: {username: p}|key 'listen.basic_auth.password_hash': basic auth needs a"
            + " username and a password hash",
        "basic_auth: {password_hash: 'HASH'}|key 'listen.basic_auth.username': basic auth needs",
        "basic_auth: {username: p, password_hash: 'md5$abc'}|key"
            + " 'listen.basic_auth.password_hash': is neither a hash",
        "basic_auth: {username: p, password_hash: 'HASH', password_hash_file: /x}|key"
            + " 'listen.basic_auth.password_hash_file': set either",
        "basic_auth: {username: p, password_hash_file: /nonexistent/hash}|key"
            + " 'listen.basic_auth.password_hash_file': cannot read /nonexistent/hash",
        "basic_auth: {username: p, password_file: /x, password_hash: 'HASH'}|key"
            + " 'listen.basic_auth.password_file': set either a password_file or a password hash",
        "basic_auth: {password_file: /nonexistent/pw}|key 'listen.basic_auth.username': basic"
            + " auth needs a username",
        "basic_auth: {username: p, password_file: /nonexistent/pw}|key"
            + " 'listen.basic_auth.password_file': "
      })
  void aBadValueNamesItsKey(String entries, String message) {
    assertThatThrownBy(() -> read(entries.replace("HASH", HASH)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void tlsNeedsBothFilesReadable(@TempDir Path dir) throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "cert");
    Path key = Files.writeString(dir.resolve("key.pem"), "key");
    ListenConfig listen = read("tls: {cert_file: '" + cert + "', key_file: '" + key + "'}");
    assertThat(listen.tls()).isEqualTo(Optional.of(new TlsConfig(cert, key)));
    assertThat(listen.basicAuth()).isEmpty();
  }

  @Test
  void aHashIsTakenInlineOrFromItsFileWithoutTheNewline(@TempDir Path dir) throws Exception {
    Path hashFile = Files.writeString(dir.resolve("hash"), HASH + "\n");
    BasicAuthConfig inline =
        read("basic_auth: {username: prometheus, password_hash: '" + HASH + "'}")
            .basicAuth()
            .orElseThrow();
    BasicAuthConfig fromFile =
        read("basic_auth: {username: prometheus, password_hash_file: '" + hashFile + "'}")
            .basicAuth()
            .orElseThrow();
    assertThat(inline).isEqualTo(new BasicAuthConfig("prometheus", HASH));
    assertThat(fromFile).isEqualTo(inline);
  }
}
