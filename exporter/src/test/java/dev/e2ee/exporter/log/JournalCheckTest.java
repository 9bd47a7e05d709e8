package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.JournaldConfig;
import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.Journals;
import dev.e2ee.exporter.testing.NeedsTool;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code check} runs journalctl once and says what it found: entries, none yet, or why it could not
 * read them, in words an operator can act on.
 */
class JournalCheckTest {
  @TempDir Path dir;

  JournaldConfig selected(String journalctl) {
    return Journals.config(dir.resolve("journal"), dir.resolve("p.json"), journalctl)
        .journald()
        .orElseThrow();
  }

  @NeedsTool
  @Test
  void checkRunsJournalctlOnceAndSaysWhatItFound() throws Exception {
    Path journalctl = ExternalTool.require("journalctl", "systemd");
    Journals.write(dir, dir.resolve("journal"), JournaldTest.storm(0, 1));
    JournalCheck.Result ok = JournalCheck.run(selected(journalctl.toString()));
    assertThat(ok.ok()).as(ok.message()).isTrue();
    assertThat(ok.message())
        .startsWith("journalctl reads journald:SYSLOG_IDENTIFIER=matrix-synapse");
  }

  /** Programs that stand in for journalctl's three other answers: nothing, a failure, absence. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          /bin/true               | true  | journalctl runs; no entry matches journald:SYSLOG_IDENTIFIER=matrix-synapse@ | yet
          /bin/false              | false | 'journalctl exited 1: '                                                        | (fix: add the exporter's user to the systemd-journal group, or check logs.journald)
          /nonexistent/journalctl | false | 'journalctl could not be run: '                                               | ''
          """)
  void eachOtherAnswerIsNamed(String journalctl, boolean ok, String starts, String ends) {
    JournalCheck.Result r = JournalCheck.run(selected(journalctl));
    assertThat(r.ok()).as(r.message()).isEqualTo(ok);
    assertThat(r.message()).startsWith(starts).endsWith(ends);
  }
}
