package dev.e2ee.exporter.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Errors in an operator's words: no Java class names, one line. */
class ErrorTextTest {

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(new AccessDeniedException("/var/log/synapse"), "permission denied"),
        Arguments.of(new NoSuchFileException("/var/log/synapse/x.log"), "no such file"),
        Arguments.of(new NotDirectoryException("/etc/hosts"), "not a directory"),
        Arguments.of(new MalformedInputException(1), "not valid UTF-8 text"),
        Arguments.of(
            new FileSystemException("/mnt/nfs/homeserver.log", null, "Stale file handle"),
            "Stale file handle"),
        Arguments.of(new IOException("connection\n  reset\tby peer "), "connection reset by peer"),
        Arguments.of(new IOException(""), "no detail given"),
        Arguments.of(new RuntimeException((String) null), "no detail given"),
        Arguments.of(new IllegalStateException(" ", new NoSuchFileException("a")), "no such file"),
        // The message Java makes from the cause names its class: the cause is described instead.
        Arguments.of(
            new RuntimeException(new AccessDeniedException("/var/log")), "permission denied"),
        Arguments.of(
            new RuntimeException("reading /var/log failed", new AccessDeniedException("/var/log")),
            "reading /var/log failed"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("errors")
  void describesAnErrorInWords(Throwable e, String text) {
    assertThat(ErrorText.describe(e)).isEqualTo(text);
  }

  @Test
  void realFileErrorsReadAsWords(@TempDir Path dir) throws IOException {
    assertThat(describeReading(dir.resolve("missing.log"))).isEqualTo("no such file");
    Path notUtf8 = Files.write(dir.resolve("latin1.log"), new byte[] {'a', (byte) 0xe9, '\n'});
    assertThat(describeReading(notUtf8)).isEqualTo("not valid UTF-8 text");
    Path file = Files.writeString(dir.resolve("f"), "x");
    assertThat(describeListing(file)).isEqualTo("not a directory");
    Path locked =
        Files.createDirectory(
            dir.resolve("locked"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("---------")));
    // root may read anything: then there is no error to describe.
    if (!Files.isReadable(locked)) {
      assertThat(describeListing(locked)).isEqualTo("permission denied");
    }
  }

  private static String describeReading(Path file) {
    try {
      Files.readAllLines(file, StandardCharsets.UTF_8);
      throw new AssertionError("read " + file);
    } catch (IOException e) {
      return ErrorText.describe(e);
    }
  }

  private static String describeListing(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      throw new AssertionError("listed " + dir + ": " + s.count());
    } catch (IOException e) {
      return ErrorText.describe(e);
    }
  }
}
