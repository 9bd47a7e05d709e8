package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The configured log paths of a main process and its workers, expanded to the files to tail. */
class LogFilesTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "/var/log/matrix-synapse/homeserver.log, false",
    "/var/log/matrix-synapse/*.log, true",
    "/var/log/matrix-synapse/worker?.log, true",
    "/var/log/matrix-synapse/worker[12].log, true",
    "'/var/log/matrix-synapse/{homeserver,worker1}.log', true",
  })
  void aGlobIsAPathWithAWildcard(String pattern, boolean glob) {
    assertThat(LogFiles.isGlob(pattern)).isEqualTo(glob);
  }

  @Test
  void aGlobTakesTheLogsOfItsDirectoryButNotTheirRotations() throws IOException {
    for (String name :
        List.of(
            "homeserver.log",
            "worker1.log",
            "worker2.log",
            "homeserver.log.2026-12-05",
            "worker1.log.1.gz",
            "notes.txt")) {
      Files.writeString(dir.resolve(name), "x\n");
    }
    Files.createDirectory(dir.resolve("old.log"));
    assertThat(LogFiles.expand(List.of(dir + "/*.log*", dir.resolve("homeserver.log").toString())))
        .containsExactly(
            dir.resolve("homeserver.log"), dir.resolve("worker1.log"), dir.resolve("worker2.log"));
  }

  @Test
  void aPlainPathIsKeptBeforeItsFileExistsAndAGlobOfNoDirectoryIsNothing() {
    Path later = dir.resolve("later.log");
    assertThat(LogFiles.expand(List.of(later.toString(), dir + "/missing/*.log")))
        .containsExactly(later);
  }

  @Test
  void onlyTheFileNameMayBeAGlob() {
    assertThatThrownBy(() -> LogFiles.expand(List.of(dir + "/*/homeserver.log")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only the file name part");
  }
}
