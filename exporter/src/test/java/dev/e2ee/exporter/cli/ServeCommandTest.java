package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.Commands;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code serve --config FILE} that cannot run: the file's own log level is set before anything
 * logs, and the exit code and sentence say what is wrong. (A serve that runs blocks until SIGTERM:
 * ServeJarIT runs it as a process.)
 */
class ServeCommandTest {
  static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  /** This test's own loopback port: the config takes no port 0, and serve binds before wiring. */
  static final int FREE_PORT = 19117;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          port taken       | error       | 1 | error:
          port taken       | debug       | 1 | error:
          password unset   | warn        | 2 | config error: database.password_env: environment variable E2EE_TEST_UNSET_8765 is not set
          no such file     |             | 2 | config error:
          """)
  void aServeThatCannotRunSaysWhyWithTheConfigsLogLevelSet(
      String problem, String level, int exit, String says) throws Exception {
    String before = System.clearProperty(LEVEL);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path config = dir.resolve("config.yml");
      String database =
          problem.equals("password unset")
              ? "database: {host: 127.0.0.1, password_env: E2EE_TEST_UNSET_8765}\n"
              : "database: {enabled: false}\n";
      if (!problem.equals("no such file")) {
        Files.writeString(
            config,
            "listen: {address: 127.0.0.1, port: "
                + (problem.equals("port taken") ? taken.getLocalPort() : FREE_PORT)
                + "}\nexporter: {log_level: "
                + level
                + "}\nsynapse: {server_name: example.org}\nlogs: {enabled: false}\n"
                + database);
      }
      Commands.Outcome o = Commands.run("serve", "--config", config.toString());
      assertThat(o.exit()).as(o.err()).isEqualTo(exit);
      assertThat(o.err()).contains(says);
      assertThat(System.getProperty(LEVEL))
          .as("the config's level, set before the exporter starts")
          .isEqualTo(level);
    } finally {
      if (before == null) {
        System.clearProperty(LEVEL);
      } else {
        System.setProperty(LEVEL, before);
      }
    }
  }
}
