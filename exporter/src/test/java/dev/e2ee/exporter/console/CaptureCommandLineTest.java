package dev.e2ee.exporter.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The capture command pasted into a POSIX shell: plainly safe words stay bare, anything else is
 * single-quoted with an embedded quote closed, escaped and reopened.
 */
class CaptureCommandLineTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "@alice:matrix.example.org | @alice:matrix.example.org",
        "JKLMNOPQRS                | JKLMNOPQRS",
        "/etc/synapse-e2ee/exporter.yml | /etc/synapse-e2ee/exporter.yml",
        "a+b=c_d-e.f               | a+b=c_d-e.f",
        "`my device`               | `'my device'`",
        "DEV;rm -rf /              | `'DEV;rm -rf /'`",
        "$(id)                     | `'$(id)'`",
        "`a\"b`                    | `'a\"b'`",
        "o'brien                   | `'o'\\''brien'`",
        "`''`                      | `''\\'''\\'''`",
        "ключ                      | `'ключ'`",
      })
  void quotesForAPosixShell(String text, String quoted) {
    assertThat(CaptureCommandLine.quote(text)).isEqualTo(quoted);
  }

  @Test
  void anEmptyValueIsQuotedSoItStaysOneArgument() {
    assertThat(CaptureCommandLine.quote("")).isEqualTo("''");
  }

  /**
   * Seconds into the window, and the --since it is printed with (half an hour earlier, whole s).
   */
  @ParameterizedTest(name = "since {0} -> --since {1}")
  @CsvSource({
    "2026-12-06T05:00:00Z,     2026-12-06T04:30:00Z",
    "2026-12-06T05:00:00.999Z, 2026-12-06T04:30:00Z",
    "2026-12-06T00:10:07Z,     2026-12-05T23:40:07Z",
  })
  void theWindowStartsHalfAnHourEarlierOnAWholeSecond(Instant since, String expected) {
    String line =
        new CaptureCommandLine(Optional.empty(), Optional.empty(), Optional.empty())
            .forDevice("@a:hs", "D", since.toEpochMilli());
    assertThat(line)
        .isEqualTo(
            "synapse-e2ee-exporter capture --config CONFIG.yml --user @a:hs --device D --since "
                + expected
                + " --out .");
  }

  @Test
  void theRunningJarConfigAndOutDirectoryAreUsedWhenKnown() {
    CaptureCommandLine line =
        new CaptureCommandLine(
            Optional.of(Path.of("/usr/share/synapse-e2ee-exporter/exporter.jar")),
            Optional.of(Path.of("/etc/synapse-e2ee/exporter.yml")),
            Optional.of(Path.of("/var/tmp/bundles")));
    assertThat(line.forDevice("@a:hs", "D", 1_800_000))
        .startsWith(
            "java -jar /usr/share/synapse-e2ee-exporter/exporter.jar capture --config"
                + " /etc/synapse-e2ee/exporter.yml --user")
        .endsWith("--since 1970-01-01T00:00:00Z --out /var/tmp/bundles");
  }

  @Test
  void testsRunFromClassesNotAJar() {
    assertThat(CaptureCommandLine.runningJar()).isEmpty();
  }
}
