package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailFingerprintTest {
  @TempDir Path dir;

  private FileChannel write(String content) throws IOException {
    Path file = dir.resolve("log");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return FileChannel.open(file, StandardOpenOption.READ);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void nothingRememberedMatchesAnything() throws IOException {
    try (FileChannel c = write("anything")) {
      assertThat(new TailFingerprint().stillMatches(c, 8)).isTrue();
    }
  }

  @Test
  void rememberedBytesMatchTheSameFileAndNotAnOverwrittenOne() throws IOException {
    TailFingerprint print = new TailFingerprint();
    try (FileChannel c = write("line one\nline two\n")) {
      print.remember(c, 18);
      assertThat(print.stillMatches(c, 18)).isTrue();
    }
    try (FileChannel c = write("LINE ONE\nLINE TWO\nmore\n")) {
      assertThat(print.stillMatches(c, 18)).isFalse();
    }
  }

  @Test
  void smallChunksAreJoinedAcrossCallsToTheLastBytesRead() throws IOException {
    String content = "x".repeat(100) + "the last bytes of the chunk";
    TailFingerprint print = new TailFingerprint();
    // Fed in pieces shorter and longer than the fingerprint, as reads of a growing file arrive.
    print.update(bytes(content.substring(0, 70)), 70);
    print.update(bytes(content.substring(70, 75)), 5);
    byte[] rest = bytes(content.substring(75));
    print.update(rest, rest.length);
    try (FileChannel c = write(content)) {
      assertThat(print.stillMatches(c, content.length())).isTrue();
    }
    String changedNearTheEnd = "x".repeat(100) + "THE last bytes of the chunk";
    try (FileChannel c = write(changedNearTheEnd)) {
      assertThat(print.stillMatches(c, content.length())).isFalse();
    }
  }

  @Test
  void clearedForgetsTheBytes() throws IOException {
    TailFingerprint print = new TailFingerprint();
    print.update(bytes("old content"), 11);
    print.clear();
    try (FileChannel c = write("new content")) {
      assertThat(print.stillMatches(c, 11)).isTrue();
    }
  }
}
