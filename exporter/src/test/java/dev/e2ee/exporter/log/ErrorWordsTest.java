package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.support.ErrorText;
import dev.e2ee.exporter.testing.TestConfigs;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator reads about an error is words, never a Java exception class name. */
class ErrorWordsTest {
  @Test
  void aLogPathThatCannotBeReadIsExplainedInWords(@TempDir Path dir) {
    LogFileCheck.Result r =
        LogFileCheck.check(
            dir,
            TestConfigs.with(
                TestConfigs.logsFrom(dir, StartAt.END), TestConfigs.disabledDatabase()));
    assertThat(r.readable()).isFalse();
    assertThat(r.problem()).startsWith("cannot read: ").doesNotContain("Exception");
  }

  @Test
  void commonErrorsHaveWords() {
    assertThat(
            ErrorText.describe(new AccessDeniedException("/var/log/matrix-synapse/homeserver.log")))
        .isEqualTo("permission denied");
    assertThat(ErrorText.describe(new MalformedInputException(1)))
        .isEqualTo("not valid UTF-8 text");
    assertThat(ErrorText.describe(new RuntimeException((String) null)))
        .isEqualTo("no detail given");
  }
}
