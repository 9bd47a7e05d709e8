package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.JournaldConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The journalctl command line for each way of selecting Synapse's entries (the Debian package's
 * unit, a match, a journal directory), from the start, from now or after a saved cursor, and the
 * label the entries are counted under.
 */
class JournalReaderTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          the Debian unit, from now        | matrix-synapse.service |                                  |                  |                       | false | --lines=0 --unit=matrix-synapse.service                                                          | journald:matrix-synapse.service
          a match, from the start          |                        | SYSLOG_IDENTIFIER=matrix-synapse |                  |                       | true  | --lines=all SYSLOG_IDENTIFIER=matrix-synapse                                                     | journald:SYSLOG_IDENTIFIER=matrix-synapse
          two matches in a directory       |                        | _PID=147051 _COMM=python3        | /var/log/journal |                       | false | --directory=/var/log/journal --lines=0 _PID=147051 _COMM=python3                                 | journald:_PID=147051,_COMM=python3@/var/log/journal
          after the saved cursor           | matrix-synapse.service |                                  |                  | s=6f1c;i=2a1;b=9d2e   | false | --after-cursor=s=6f1c;i=2a1;b=9d2e --lines=all --unit=matrix-synapse.service                     | journald:matrix-synapse.service
          """)
  void eachSelectionIsAskedOfJournalctlAndLabelledSo(
      String what,
      String unit,
      String matches,
      String directory,
      String cursor,
      boolean fromBeginning,
      String arguments,
      String label) {
    JournaldConfig config =
        new JournaldConfig(
            Optional.ofNullable(unit),
            matches == null ? List.of() : Arrays.asList(matches.split(" ")),
            Optional.ofNullable(directory).map(Path::of),
            "/usr/bin/journalctl");
    JournalReader reader = new JournalReader(config, 1 << 20, cursor, fromBeginning);
    assertThat(String.join(" ", reader.command(cursor)))
        .isEqualTo("/usr/bin/journalctl --follow --output=json --no-pager --all " + arguments);
    assertThat(JournalReader.label(config)).isEqualTo(label);
  }
}
