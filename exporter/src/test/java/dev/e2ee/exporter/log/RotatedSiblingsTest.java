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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the unread rest of a rotated log is looked for, and how it is read, gzipped or not. */
class RotatedSiblingsTest {
  static final String BANNER =
      "2026-12-06 06:54:57,562 - synapse.config.logger - 377 - WARNING - main - ***** STARTING"
          + " SERVER *****\n";

  @TempDir Path dir;

  Path write(String name, String content, String modified) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(p, FileTime.from(Instant.parse(modified)));
    return p;
  }

  Path gzip(String name, String content, String modified) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    Files.setLastModifiedTime(p, FileTime.from(Instant.parse(modified)));
    return p;
  }

  @Test
  void theRotationsOfTheFileOnlyOldestWriteFirst() throws IOException {
    Path log = write("homeserver.log", BANNER, "2026-12-06T10:00:00Z");
    write("homeserver.log.1", BANNER, "2026-12-05T00:00:00Z");
    gzip("homeserver.log.2.gz", BANNER, "2026-12-04T00:00:00Z");
    write("homeserver.log.2026-12-03", BANNER, "2026-12-03T00:00:00Z");
    write("homeserver.log.3", BANNER, "2026-12-05T00:00:00Z"); // same time as .1: .3 is older
    write("worker1.log.1", BANNER, "2026-12-01T00:00:00Z");
    write("homeserver.log.old", BANNER, "2026-12-01T00:00:00Z");
    Files.createDirectory(dir.resolve("homeserver.log.4"));
    List<String> names =
        RotatedSiblings.of(log).stream().map(s -> s.path().getFileName().toString()).toList();
    assertThat(names)
        .containsExactly(
            "homeserver.log.2026-12-03",
            "homeserver.log.2.gz",
            "homeserver.log.3",
            "homeserver.log.1");
  }

  @Test
  void aGzippedSiblingIsReadDecompressedFromAnOffset() throws IOException {
    Path log = write("homeserver.log", "", "2026-12-06T10:00:00Z");
    gzip("homeserver.log.1.gz", BANNER + "rest\n", "2026-12-05T00:00:00Z");
    RotatedSiblings.Sibling sibling = RotatedSiblings.of(log).get(0);
    assertThat(sibling.gzipped()).isTrue();
    try (InputStream in = RotatedSiblings.open(sibling, BANNER.length())) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("rest\n");
    }
    HeadPrint head = RotatedSiblings.head(sibling);
    assertThat(head).isNotNull();
    assertThat(head.startsWith(HeadPrint.read(stream(BANNER), HeadPrint.LENGTH))).isTrue();
  }

  @Test
  void aSiblingThatIsNotGzipInsideHasNoHead() throws IOException {
    Path log = write("homeserver.log", "", "2026-12-06T10:00:00Z");
    write("homeserver.log.1.gz", BANNER, "2026-12-05T00:00:00Z");
    assertThat(RotatedSiblings.head(RotatedSiblings.of(log).get(0))).isNull();
  }

  private static InputStream stream(String s) {
    return new java.io.ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }
}
