package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file's identity survives a rename and is not shared by a new file of the same name. */
class FileStatTest {
  @TempDir Path dir;

  @Test
  void aStatNamesTheFileItsSizeAndItsLastWrite() throws IOException {
    Path log = dir.resolve("homeserver.log");
    Files.writeString(log, "2026-12-06 06:54:57,562 - synapse.config.logger - 377\n");
    Files.setLastModifiedTime(log, FileTime.from(Instant.parse("2026-12-06T06:54:57Z")));
    FileStat stat = FileStat.of(log);
    assertThat(stat).isNotNull();
    assertThat(stat.size()).isEqualTo(Files.size(log));
    assertThat(stat.modifiedMillis())
        .isEqualTo(Instant.parse("2026-12-06T06:54:57Z").toEpochMilli());
    assertThat(stat.sameFile(FileStat.of(log))).isTrue();
    assertThat(stat.sameFile(stat.device(), stat.inode())).isTrue();
  }

  @Test
  void aRenamedFileIsTheSameFileAndItsSuccessorIsNot() throws IOException {
    Path log = dir.resolve("homeserver.log");
    Files.writeString(log, "a0\n");
    FileStat before = FileStat.of(log);
    Path rotated = Files.move(log, dir.resolve("homeserver.log.2026-12-05"));
    Files.writeString(log, "b0\n");
    assertThat(before).isNotNull();
    assertThat(before.sameFile(FileStat.of(rotated))).isTrue();
    assertThat(before.sameFile(FileStat.of(log))).isFalse();
    assertThat(before.sameFile(null)).isFalse();
  }

  @Test
  void nothingThereHasNoStat() {
    assertThat(FileStat.of(dir.resolve("absent.log"))).isNull();
  }
}
