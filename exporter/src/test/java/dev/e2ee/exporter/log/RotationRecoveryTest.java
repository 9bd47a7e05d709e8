package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unread rest of a rotated Synapse log (the first lines of replay/real-synapse/homeserver.log)
 * is read from its rotated copy, once; what cannot be found is reported lost, never skipped in
 * silence.
 */
class RotationRecoveryTest {
  static final String REAL_SYNAPSE = "/dev/e2ee/exporter/replay/real-synapse/homeserver.log";

  @TempDir Path dir;
  Path log;
  List<String> real;
  final FileTailerTest.Recorder events = new FileTailerTest.Recorder();

  @BeforeEach
  void realLines() throws IOException {
    log = dir.resolve("homeserver.log");
    try (InputStream in = RotationRecoveryTest.class.getResourceAsStream(REAL_SYNAPSE)) {
      assertThat(in).as(REAL_SYNAPSE).isNotNull();
      real = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().limit(12).toList();
    }
  }

  RotationRecovery recovery() {
    return new RotationRecovery(log, new LineAssembler(1 << 20), new byte[64]);
  }

  static HeadPrint headOf(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return HeadPrint.read(in, HeadPrint.LENGTH);
    }
  }

  static void modifiedAt(Path file, Instant at) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(at));
  }

  static String text(List<String> lines) {
    return String.join("\n", lines) + "\n";
  }

  static long bytes(List<String> lines) {
    return text(lines).getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void copytruncateTheRestIsReadFromTheCopyFromTheOffset() throws IOException {
    Files.writeString(log, text(real.subList(0, 6)));
    HeadPrint head = headOf(log);
    long offset = bytes(real.subList(0, 4)); // the tailer had read four lines
    Files.copy(log, dir.resolve("homeserver.log.1"));
    FileTailerTest.emptyInPlace(log);
    long read = recovery().finishFromCopy(head, offset, FileStat.of(log), events);
    assertThat(events.lines).containsExactlyElementsOf(real.subList(4, 6));
    assertThat(read).isEqualTo(bytes(real.subList(4, 6)));
    assertThat(events.recovered).containsExactly(dir.resolve("homeserver.log.1"));
    assertThat(events.lost).isEmpty();
  }

  @Test
  void copytruncateWithoutACopyIsALoss() throws IOException {
    Files.writeString(log, text(real.subList(0, 6)));
    HeadPrint head = headOf(log);
    Files.writeString(dir.resolve("homeserver.log.1"), text(real.subList(6, 12)));
    FileTailerTest.emptyInPlace(log);
    assertThat(recovery().finishFromCopy(head, 100, FileStat.of(log), events)).isZero();
    assertThat(events.lost).containsExactly("copy_not_found");
    assertThat(events.lines).isEmpty();
    assertThat(recovery().finishFromCopy(head, 0, FileStat.of(log), events))
        .as("nothing read before: nothing missing")
        .isZero();
    assertThat(events.lost).containsExactly("copy_not_found");
  }

  @Test
  void filesRotatedAwayBetweenTwoPollsAreReadWholeAndHistoryNever() throws IOException {
    Instant lastPoll = Instant.parse("2026-12-06T06:55:00Z");
    Files.writeString(dir.resolve("homeserver.log.2"), text(real.subList(0, 2)));
    modifiedAt(dir.resolve("homeserver.log.2"), lastPoll.minusMillis(500));
    RotationRecovery recovery = recovery();
    recovery.rememberSiblings(); // .2 is history
    Files.writeString(dir.resolve("homeserver.log.1"), text(real.subList(2, 5)));
    modifiedAt(dir.resolve("homeserver.log.1"), lastPoll.plusSeconds(30));
    gzip(dir.resolve("homeserver.log.3.gz"), text(real.subList(5, 7))); // compressed: read before
    Files.writeString(dir.resolve("homeserver.log.4"), text(real.subList(8, 9)));
    modifiedAt(dir.resolve("homeserver.log.4"), lastPoll.minusSeconds(3600)); // older: read before
    Files.writeString(log, text(real.subList(7, 8)));
    long since = lastPoll.toEpochMilli();
    long read = recovery.readRotatedSince(since, List.of(), FileStat.of(log), events);
    assertThat(events.lines).containsExactlyElementsOf(real.subList(2, 5));
    assertThat(read).isEqualTo(bytes(real.subList(2, 5)));
    assertThat(recovery.readRotatedSince(since, List.of(), FileStat.of(log), events))
        .as("read once")
        .isZero();
    recovery.forgetSiblings();
    assertThat(recovery.readRotatedSince(since, List.of(), FileStat.of(log), events))
        .as("after a restart every recent sibling may hold unread lines")
        .isEqualTo(bytes(real.subList(0, 2)) + bytes(real.subList(2, 5)));
  }

  @Test
  void theRotatedFileIsFoundByIdentityFirstThenByItsFirstBytes() throws IOException {
    Files.writeString(log, text(real.subList(0, 6)));
    FileStat stat = FileStat.of(log);
    HeadPrint head = headOf(log);
    assertThat(stat).isNotNull();
    Positions.Entry saved =
        new Positions.Entry(
            stat.device(), stat.inode(), head.length(), head.sha256(), bytes(real), 0);
    gzip(dir.resolve("homeserver.log.2.gz"), text(real.subList(0, 6)));
    Path renamed = Files.move(log, dir.resolve("homeserver.log.1"));
    Files.writeString(log, text(real.subList(6, 8)));
    RotatedSiblings.Sibling found = recovery().findSibling(saved);
    assertThat(found).isNotNull();
    assertThat(found.path()).isEqualTo(renamed);
    Files.delete(renamed);
    RotatedSiblings.Sibling copy = recovery().findSibling(saved);
    assertThat(copy).isNotNull();
    assertThat(copy.path().getFileName().toString()).isEqualTo("homeserver.log.2.gz");
  }

  static void gzip(Path to, String content) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }
}
