package dev.e2ee.exporter.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
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
      textBlock =
          """
          @alice:matrix.example.org | @alice:matrix.example.org
          JKLMNOPQRS                | JKLMNOPQRS
          /etc/synapse-e2ee/exporter.yml | /etc/synapse-e2ee/exporter.yml
          a+b=c_d-e.f               | a+b=c_d-e.f
          `my device`               | `'my device'`
          DEV;rm -rf /              | `'DEV;rm -rf /'`
          $(id)                     | `'$(id)'`
          `a"b`                    | `'a"b'`
          o'brien                   | `'o'\\''brien'`
          `''`                      | `''\\'''\\'''`
          ключ                      | `'ключ'`
          """)
  void quotesForAPosixShell(String text, String quoted) {
    assertThat(CaptureCommandLine.quote(text)).isEqualTo(quoted);
  }

  @Test
  void anEmptyValueIsQuotedSoItStaysOneArgument() {
    assertThat(CaptureCommandLine.quote("")).isEqualTo("''");
  }

  /**
   * The jar, config and output directory when known (empty: not known), the problem's start, and
   * the line: the window starts half an hour earlier, on a whole second.
   */
  @ParameterizedTest(name = "{0} {1} {2} since {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          |                      |               | 2026-12-06T05:00:00Z     | synapse-e2ee-exporter capture --config CONFIG.yml --user @a:hs --device D --since 2026-12-06T04:30:00Z --out .
          |                      |               | 2026-12-06T05:00:00.999Z | synapse-e2ee-exporter capture --config CONFIG.yml --user @a:hs --device D --since 2026-12-06T04:30:00Z --out .
          |                      |               | 2026-12-06T00:10:07Z     | synapse-e2ee-exporter capture --config CONFIG.yml --user @a:hs --device D --since 2026-12-05T23:40:07Z --out .
          /usr/share/x/e.jar | /etc/e2ee/exporter.yml | /var/tmp/b | 1970-01-01T00:30:00Z | java -jar /usr/share/x/e.jar capture --config /etc/e2ee/exporter.yml --user @a:hs --device D --since 1970-01-01T00:00:00Z --out /var/tmp/b
          /opt/my jar/e.jar  |                        | /var/tmp/b | 1970-01-01T00:30:00Z | java -jar '/opt/my jar/e.jar' capture --config CONFIG.yml --user @a:hs --device D --since 1970-01-01T00:00:00Z --out /var/tmp/b
          """)
  void theLineWithWhatIsKnownAndAWindowHalfAnHourEarlier(
      @Nullable String jar,
      @Nullable String config,
      @Nullable String out,
      Instant since,
      String expected) {
    CaptureCommandLine line = new CaptureCommandLine(path(jar), path(config), path(out));
    assertThat(line.forDevice("@a:hs", "D", since.toEpochMilli())).isEqualTo(expected);
  }

  private static Optional<Path> path(@Nullable String text) {
    return Optional.ofNullable(text).map(Path::of);
  }

  @Test
  void testsRunFromClassesNotAJar() {
    assertThat(CaptureCommandLine.runningJar()).isEmpty();
  }
}
