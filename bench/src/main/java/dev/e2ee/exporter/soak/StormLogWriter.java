package dev.e2ee.exporter.soak;

import dev.e2ee.fixture.DemoScenario;
import dev.e2ee.fixture.SynapseTextLines;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Synapse's side of the soak: writes the KE-1 storm and ordinary traffic to homeserver.log and
 * rotates it as logrotate does (as homeserver.log.1 .. .4). It counts what it wrote, because the
 * soak's verdict is that count against what the exporter says it read. One thread only: a rotation
 * never races a write.
 */
final class StormLogWriter implements AutoCloseable {
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final Path log;
  private long linesWritten;
  private long stormRequests;
  private long request;
  private OutputStream out;

  /** Appends to {@code log} (homeserver.log); rotated files go beside it. */
  StormLogWriter(Path log) throws IOException {
    this.dir = Objects.requireNonNull(log.toAbsolutePath().getParent(), "a file has a directory");
    this.log = log;
    this.out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** What was written so far: the side of the verdict that the exporter's counters must match. */
  record Written(long lines, long stormRequests) {}

  Written written() {
    return new Written(linesWritten, stormRequests);
  }

  /** 50 ms of traffic: one rejected key upload (three lines) and ten ordinary access lines. */
  void writeTick(Instant t) throws IOException {
    String ts = ASCTIME.format(t);
    StringBuilder b = new StringBuilder();
    String req = "POST-" + (++request);
    b.append(ts)
        .append(" - synapse.handlers.e2e_keys - 145 - INFO - ")
        .append(req)
        .append(" - Adding one_time_keys dict_keys(['signed_curve25519:")
        .append(DemoScenario.STORM_KEY_ID)
        .append("']) for device '")
        .append(DemoScenario.STORM_DEVICE)
        .append("' for user '")
        .append(DemoScenario.ALICE)
        .append("' at ")
        .append(t.toEpochMilli())
        .append('\n');
    b.append(ts)
        .append(" - synapse.http.server - 130 - INFO - ")
        .append(req)
        .append(" - <XForwardedForRequest at")
        .append(
            " 0x7f method='POST' uri='/_matrix/client/v3/keys/upload' clientproto='HTTP/1.1' site='8008'>")
        .append(" SynapseError: 400 - One time key signed_curve25519:")
        .append(DemoScenario.STORM_KEY_ID)
        .append(
            " already exists. Old key: {\"key\":\"server-side\",\"signatures\":{}}; new key: {'key': 'client-side',")
        .append(" 'signatures': {}}\n");
    b.append(access(ts, req, "POST", "/_matrix/client/v3/keys/upload", 400)).append('\n');
    stormRequests++;
    for (int i = 0; i < 10; i++) {
      b.append(
              access(ts, "GET-" + (++request), "GET", "/_matrix/client/v3/sync?timeout=30000", 200))
          .append('\n');
    }
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    linesWritten += 13;
  }

  private static String access(String ts, String req, String method, String uri, int status) {
    return SynapseTextLines.steadyAccess(ts, req, DemoScenario.ALICE, method, uri, status);
  }

  /** logrotate's two styles: {@code rename} (then create) or {@code copytruncate}. */
  void rotate(String style) throws IOException {
    for (int n = 3; n >= 1; n--) {
      Path from = dir.resolve("homeserver.log." + n);
      if (Files.exists(from)) {
        Files.move(
            from, dir.resolve("homeserver.log." + (n + 1)), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (style.equals("rename")) {
      out.close();
      Files.move(log, dir.resolve("homeserver.log.1"));
      out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } else {
      Files.copy(log, dir.resolve("homeserver.log.1"));
      try (FileChannel c = FileChannel.open(log, StandardOpenOption.WRITE)) {
        c.truncate(0);
      }
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
