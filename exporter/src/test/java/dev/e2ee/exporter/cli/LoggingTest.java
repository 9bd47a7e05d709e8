package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.LogLevel;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exporter's own logging, set up as system properties before the first logger: each one only
 * when the operator has not set it already (a -D on the command line wins). The JVM's properties
 * are put back after each test: Surefire reuses one JVM.
 */
class LoggingTest {
  private Properties before = new Properties();

  @BeforeEach
  void withoutLoggingProperties() {
    before = (Properties) System.getProperties().clone();
    for (String key : before.stringPropertyNames()) {
      if (key.startsWith("org.slf4j.simpleLogger.")
          || key.startsWith("vertx.")
          || key.equals("io.netty.jfr.enabled")) {
        System.clearProperty(key);
      }
    }
  }

  @AfterEach
  void restore() {
    System.setProperties(before);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "TRACE, trace",
    "DEBUG, debug",
    "INFO, info",
    "WARN, warn",
    "ERROR, error",
  })
  void theConfiguredLevelIsTheDefaultLevel(LogLevel level, String property) {
    Logging.configure(level);
    assertThat(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel")).isEqualTo(property);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          org.slf4j.simpleLogger.logFile                   | System.err
          org.slf4j.simpleLogger.showDateTime              | true
          org.slf4j.simpleLogger.dateTimeFormat            | yyyy-MM-dd'T'HH:mm:ss.SSSXXX
          org.slf4j.simpleLogger.showThreadName            | false
          org.slf4j.simpleLogger.showShortLogName          | true
          org.slf4j.simpleLogger.levelInBrackets           | false
          org.slf4j.simpleLogger.log.io.netty              | warn
          org.slf4j.simpleLogger.log.io.vertx              | warn
          org.slf4j.simpleLogger.log.io.zonky              | warn
          vertx.logger-delegate-factory-class-name         | io.vertx.core.logging.SLF4JLogDelegateFactory
          vertx.disableFileCaching                         | true
          vertx.disableFileCPResolving                     | true
          io.netty.jfr.enabled                             | false
          """)
  void oneLineOnStderrWithTheThirdPartiesQuietAndNothingWrittenToTheWorkingDirectory(
      String key, String value) {
    Logging.configure(LogLevel.DEBUG);
    assertThat(System.getProperty(key)).isEqualTo(value);
  }

  @Test
  void whatTheOperatorSetStays() {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    System.setProperty("io.netty.jfr.enabled", "true");
    Logging.configure(LogLevel.DEBUG);
    assertThat(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel")).isEqualTo("error");
    assertThat(System.getProperty("io.netty.jfr.enabled"))
        .as("-Dio.netty.jfr.enabled=true brings the allocator events back for a recording")
        .isEqualTo("true");
    assertThat(System.getProperty("org.slf4j.simpleLogger.showDateTime")).isEqualTo("true");
  }
}
