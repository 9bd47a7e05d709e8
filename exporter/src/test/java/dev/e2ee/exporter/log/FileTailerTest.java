package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rotation style on real files, polled by hand so each step is deterministic. */
class FileTailerTest {
  @TempDir Path dir;

  static final class Recorder implements TailEvents {
    final List<String> lines = new ArrayList<>();
    int cut;
    int invalid;
    int rotations;
    int truncations;
    long bytes;
    Boolean present;

    @Override
    public void line(String line, boolean wasCut, boolean invalidUtf8) {
      lines.add(line);
      cut += wasCut ? 1 : 0;
      invalid += invalidUtf8 ? 1 : 0;
    }

    @Override
    public void bytesRead(long count) {
      bytes += count;
    }

    @Override
    public void rotated() {
      rotations++;
    }

    @Override
    public void truncated() {
      truncations++;
    }

    @Override
    public void present(boolean isPresent) {
      present = isPresent;
    }

    final List<Path> recovered = new ArrayList<>();
    final List<String> lost = new ArrayList<>();

    @Override
    public void recovered(Path sibling, long bytes) {
      recovered.add(sibling);
    }

    @Override
    public void lost(String reason) {
      lost.add(reason);
    }
  }

  final Recorder events = new Recorder();

  void append(Path file, String text) throws IOException {
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  static String lines(String prefix, int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < to; i++) {
      b.append(prefix).append(i).append('\n');
    }
    return b.toString();
  }

  static List<String> expected(String prefix, int from, int to) {
    return lines(prefix, from, to).lines().toList();
  }

  @Test
  void startAtEndSkipsHistoryAndTheLineItLandsIn() throws Exception {
    Path log = dir.resolve("homeserver.log");
    append(log, "old 1\nold 2\npartial-being-written");
    FileTailer tailer = new FileTailer(log, true, 1 << 20);
    tailer.poll(events);
    assertThat(events.lines).isEmpty();
    append(log, " still the same line\nnew 1\n");
    tailer.poll(events);
    assertThat(events.lines).containsExactly("new 1");
  }

  @Test
  void partialLastLineIsHeldUntilItsNewline() throws Exception {
    Path log = dir.resolve("homeserver.log");
    FileTailer tailer = new FileTailer(log, false, 1 << 20);
    append(log, "complete\nhalf");
    tailer.poll(events);
    assertThat(events.lines).containsExactly("complete");
    append(log, " and the rest\r\n");
    tailer.poll(events);
    assertThat(events.lines).containsExactly("complete", "half and the rest");
    assertThat(events.bytes).isEqualTo(Files.size(log));
  }

  /** A tailer of {@code log} that has read lines {@code prefix}0 to {@code prefix}(n-1). */
  FileTailer tailerThatRead(Path log, String prefix, int n) throws IOException {
    FileTailer tailer = new FileTailer(log, false, 1 << 20);
    append(log, lines(prefix, 0, n));
    tailer.poll(events);
    return tailer;
  }

  /** Same inode, emptied: what logrotate's copytruncate does after copying. */
  static void emptyInPlace(Path log) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
      f.setLength(0);
    }
  }

  /** The lines read so far are the old file's, then the new one's, each whole and in order. */
  void assertReadOldThenNew(List<String> old, List<String> current) {
    List<String> want = new ArrayList<>(old);
    want.addAll(current);
    assertThat(events.lines).isEqualTo(want);
  }

  @Test
  void renameAndCreateReadsTheOldFileToItsEndThenTheNewOne() throws Exception {
    Path log = dir.resolve("homeserver.log");
    FileTailer tailer = tailerThatRead(log, "a", 3);
    append(log, lines("a", 3, 5)); // written just before midnight, not yet read
    Files.move(log, dir.resolve("homeserver.log.2026-11-24"));
    append(log, lines("b", 0, 2));
    tailer.poll(events);
    assertReadOldThenNew(expected("a", 0, 5), expected("b", 0, 2));
    assertThat(events.rotations).isEqualTo(1);
    assertThat(events.truncations).isZero();
  }

  @Test
  void newFileThatOutgrewTheOldOffsetIsDetectedByIdentityNotSize() throws Exception {
    Path log = dir.resolve("homeserver.log");
    FileTailer tailer = tailerThatRead(log, "a", 3);
    long oldOffset = tailer.position();
    Files.move(log, dir.resolve("homeserver.log.1"));
    append(log, lines("b-much-longer-line-", 0, 50));
    assertThat(Files.size(log)).isGreaterThan(oldOffset);
    tailer.poll(events);
    assertReadOldThenNew(expected("a", 0, 3), expected("b-much-longer-line-", 0, 50));
    assertThat(events.rotations).isEqualTo(1);
  }

  @Test
  void copytruncateStartsOverFromTheBeginning() throws Exception {
    Path log = dir.resolve("homeserver.log");
    FileTailer tailer = tailerThatRead(log, "a", 4);
    Files.copy(log, dir.resolve("homeserver.log.1"));
    emptyInPlace(log); // logrotate copytruncate
    append(log, lines("b", 0, 2));
    tailer.poll(events);
    assertReadOldThenNew(expected("a", 0, 4), expected("b", 0, 2));
    assertThat(events.truncations).isEqualTo(1);
    assertThat(events.rotations).isZero();
  }

  @Test
  void copytruncateThatRegrewPastTheOldOffsetIsSeenByContent() throws Exception {
    Path log = dir.resolve("homeserver.log");
    FileTailer tailer = tailerThatRead(log, "a", 4);
    emptyInPlace(log);
    append(
        log, lines("bbbbbbbbbbbbbbbb", 0, 20)); // longer than before: size alone would say "grew"
    tailer.poll(events);
    assertReadOldThenNew(expected("a", 0, 4), expected("bbbbbbbbbbbbbbbb", 0, 20));
    assertThat(events.truncations).isEqualTo(1);
  }

  @Test
  void deleteThenRecreate() throws Exception {
    Path log = dir.resolve("homeserver.log");
    FileTailer tailer = new FileTailer(log, false, 1 << 20);
    append(log, "a0\n");
    tailer.poll(events);
    append(log, "a1\n");
    Files.delete(log);
    tailer.poll(events); // still open: reads what was written before the delete
    assertThat(events.present).isFalse();
    append(log, "b0\n");
    tailer.poll(events);
    assertThat(events.lines).containsExactly("a0", "a1", "b0");
    assertThat(events.present).isTrue();
    assertThat(events.rotations).isEqualTo(1);
  }

  @Test
  void fileMissingAtStartIsWaitedForAndReadWhole() throws Exception {
    Path log = dir.resolve("homeserver.log");
    FileTailer tailer = new FileTailer(log, true, 1 << 20);
    tailer.poll(events);
    assertThat(events.present).isFalse();
    append(log, "first\nsecond\n");
    tailer.poll(events);
    assertThat(events.lines).containsExactly("first", "second");
  }

  @Test
  void invalidUtf8IsReplacedAndCounted() throws Exception {
    Path log = dir.resolve("homeserver.log");
    FileTailer tailer = new FileTailer(log, false, 1 << 20);
    Files.write(
        log,
        new byte[] {
          'o',
          'k',
          ' ',
          (byte) 0xc3,
          (byte) 0xa9,
          '\n',
          'b',
          'a',
          'd',
          (byte) 0xff,
          (byte) 0xfe,
          '\n'
        });
    tailer.poll(events);
    assertThat(events.lines).containsExactly("ok é", "bad\uFFFD\uFFFD");
    assertThat(events.invalid).isEqualTo(1);
  }

  @Test
  void overlongLineIsCutAndCounted() throws Exception {
    Path log = dir.resolve("homeserver.log");
    FileTailer tailer = new FileTailer(log, false, 1024);
    append(log, "x".repeat(5000) + "\nnext\n");
    tailer.poll(events);
    assertThat(events.lines).hasSize(2);
    assertThat(events.lines.get(0)).hasSize(1024);
    assertThat(events.lines.get(1)).isEqualTo("next");
    assertThat(events.cut).isEqualTo(1);
  }

  @Test
  void fiftyMegabyteLineNeverBuffersBeyondTheCap() {
    LineAssembler assembler = new LineAssembler(1 << 20);
    List<String> out = new ArrayList<>();
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'y');
    int maxHeld = 0;
    for (int i = 0; i < 50 * 16; i++) { // 50 MiB without a newline
      assembler.feed(chunk, 0, chunk.length, (l, c, inv) -> out.add(l));
      maxHeld = Math.max(maxHeld, assembler.heldBytes());
    }
    assembler.feed(new byte[] {'\n'}, 0, 1, (l, c, inv) -> out.add(c ? "CUT:" + l.length() : l));
    assertThat(maxHeld).isEqualTo(1 << 20);
    assertThat(out).containsExactly("CUT:" + (1 << 20));
  }
}
