package dev.e2ee.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerExposureTest {
  static ExporterConfig config(String listen) {
    return ConfigLoader.parse(ConfigLoaderTest.MINIMAL + listen, "x.yml");
  }

  @Test
  void aWildcardListenerWithoutBasicAuthNamesBasicAuthTlsAndHashedUserIds() {
    Optional<String> w = ListenerExposure.warning(config("listen: {address: 0.0.0.0}\n"));
    assertThat(w)
        .hasValueSatisfying(
            text ->
                assertThat(text)
                    .contains(
                        "listen.address 0.0.0.0 is reachable beyond this host",
                        "user and device ids",
                        "port 9477",
                        "listen.basic_auth",
                        "listen.tls",
                        "labels.user_id: hash"));
    assertThat(ListenerExposure.warning(config("listen: {address: 192.0.2.7, port: 9500}\n")))
        .hasValueSatisfying(text -> assertThat(text).contains("192.0.2.7", "port 9500"));
    assertThat(ListenerExposure.warning(config("listen: {address: '::'}\n"))).isPresent();
  }

  @Test
  void loopbackIsNotAnExposure() {
    assertThat(ListenerExposure.warning(config(""))).isEmpty();
    assertThat(ListenerExposure.warning(config("listen: {address: '::1'}\n"))).isEmpty();
    assertThat(ListenerExposure.warning(config("listen: {address: localhost}\n"))).isEmpty();
    assertThat(ListenerExposure.warning(config("listen: {address: 127.0.0.2}\n"))).isEmpty();
  }

  @Test
  void basicAuthEndsTheWarningAndHashedUserIdsDropThatAdvice(@TempDir Path dir) throws Exception {
    String hash = PasswordHash.hash("a-long-password".toCharArray());
    Path key = Files.writeString(dir.resolve("key"), "0123456789abcdef0123456789abcdef");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    assertThat(
            ListenerExposure.warning(
                config(
                    "listen:\n  address: 0.0.0.0\n  basic_auth: {username: prom, password_hash: '"
                        + hash
                        + "'}\n")))
        .isEmpty();
    assertThat(
            ListenerExposure.warning(
                config(
                    "listen: {address: 0.0.0.0}\nlabels: {user_id: hash, user_id_hash_key_file: '"
                        + key
                        + "'}\n")))
        .hasValueSatisfying(
            t -> assertThat(t).contains("listen.basic_auth").doesNotContain("user_id"));
  }
}
