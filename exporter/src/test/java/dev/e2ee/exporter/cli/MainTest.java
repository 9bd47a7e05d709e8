package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the command line, without starting a server. */
class MainTest {
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  PrintStream originalErr;
  PrintStream originalOut;

  @BeforeEach
  void capture() {
    originalErr = System.err;
    originalOut = System.out;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
    System.setOut(originalOut);
  }

  String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void versionExitsZero() {
    assertThat(Main.execute("--version")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("synapse-e2ee-exporter ");
  }

  @Test
  void helpListsTheSubcommandsAndExitCodes() {
    assertThat(Main.execute("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("serve", "check", "capture", "Exit codes:", "2   usage or configuration error")
        .doesNotContain("demo");
  }

  @Test
  void demoOnTheSidecarPointsAtTheDemoJar() {
    assertThat(Main.execute("demo")).isEqualTo(2);
    assertThat(stderr()).contains("java -jar demo/target/synapse-e2ee-demo.jar");
  }

  @Test
  void hashPasswordReadsStdinAndPrintsOnlyTheHash() {
    InputStream original = System.in;
    try {
      System.setIn(new ByteArrayInputStream("a long password\n".getBytes(StandardCharsets.UTF_8)));
      assertThat(Main.execute("hash-password")).isZero();
    } finally {
      System.setIn(original);
    }
    String hash = out.toString(StandardCharsets.UTF_8).strip();
    assertThat(hash).startsWith("pbkdf2-sha256$").doesNotContain("a long password");
    assertThat(PasswordHash.verify("a long password".toCharArray(), hash)).isTrue();
  }

  @Test
  void noSubcommandIsAUsageError() {
    assertThat(Main.execute()).isEqualTo(2);
    assertThat(stderr()).contains("a subcommand is required");
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertThat(Main.execute("serve", "--config", "x.yml", "--confg")).isEqualTo(2);
    assertThat(stderr()).contains("Unknown option: '--confg'");
  }

  @Test
  void serveWithoutConfigIsAUsageError() {
    assertThat(Main.execute("serve")).isEqualTo(2);
    assertThat(stderr()).contains("Missing required option: '--config=FILE'");
  }

  @Test
  void badConfigExitsTwoNamingTheKeyAndLine(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        "synapse:\n  server_name: example.org\ndatabase:\n  host: 127.0.0.1\n  prot: 5432\n");
    assertThat(Main.execute("serve", "--config", config.toString())).isEqualTo(2);
    assertThat(stderr().strip())
        .isEqualTo(
            "config error: " + config + ":5: unknown key 'database.prot' (did you mean 'port'?)");
  }

  @Test
  void missingConfigFileExitsTwo(@TempDir Path dir) {
    assertThat(Main.execute("serve", "--config", dir.resolve("absent.yml").toString()))
        .isEqualTo(2);
    assertThat(stderr()).contains("config file does not exist");
  }

  @Test
  void unsetPasswordVariableExitsTwoBeforeListening(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        """
        listen:
          port: 65531
        synapse:
          server_name: example.org
        logs:
          enabled: false
        database:
          host: 127.0.0.1
          password_env: E2EE_TEST_UNSET_VARIABLE_1234
        """);
    assertThat(Main.execute("serve", "--config", config.toString())).isEqualTo(2);
    assertThat(stderr())
        .contains(
            "config error: database.password_env: environment variable E2EE_TEST_UNSET_VARIABLE_1234 is not set");
  }
}
