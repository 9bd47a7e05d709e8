package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.LogsConfig;
import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.exporter.testing.TestConfigs;
import dev.e2ee.fixture.SynapseTextLines;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One behaviour per test, the real tailer on real files (in the manner of mtail's integration
 * tests): known Synapse lines go through a rotation or restart scenario, and the totals that come
 * out - records, requests, KE-1 conflicts per device - are exactly those written: no line lost,
 * none read twice, no KE-1 join split into device "unknown". The tailer is polled by hand, so each
 * step happens exactly where the test says.
 */
class LosslessTailingTest {
  @TempDir Path dir;
  Path log;
  Path positions;
  final ProgramHarness program = new ProgramHarness();
  final Truth truth = new Truth();

  @BeforeEach
  void setUp() {
    log = dir.resolve("homeserver.log");
    positions = dir.resolve("state").resolve("positions.json");
  }

  /** What was written: every generated line is a record; some requests are KE-1 conflicts. */
  static final class Truth {
    long lines;
    long accessLines;
    final Map<String, Long> conflicts = new TreeMap<>();
    private int request;

    /**
     * The lines of {@code requests} requests: every fifth a rejected key upload (three lines), else
     * a sync.
     */
    List<String> next(int requests) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        out.addAll(request());
      }
      return out;
    }

    List<String> request() {
      int r = ++request;
      String ts =
          String.format("2026-11-25 10:%02d:%02d,%03d", r / 60_000 % 60, r / 1000 % 60, r % 1000);
      String req = (r % 5 == 0 ? "POST-" : "GET-") + r;
      List<String> out = new ArrayList<>();
      if (r % 5 == 0) {
        String device = "DEV" + (r % 3);
        out.add(
            ts
                + " - synapse.handlers.e2e_keys - 145 - INFO - "
                + req
                + " - Adding one_time_keys dict_keys("
                + "['signed_curve25519:AAAAAAAAAFA']) for device '"
                + device
                + "' for user '@alice:example.org' at 1764064800000");
        out.add(
            ts
                + " - synapse.http.server - 130 - INFO - "
                + req
                + " - <XForwardedForRequest at 0x7f method='POST'"
                + " uri='/_matrix/client/v3/keys/upload' clientproto='HTTP/1.1' site='8008'> SynapseError: 400 - One time key"
                + " signed_curve25519:AAAAAAAAAFA already exists. Old key: {\"key\":\"a\",\"signatures\":{}}; new key:"
                + " {'key': 'b', 'signatures': {}}");
        out.add(access(ts, req, "POST", "/_matrix/client/v3/keys/upload", 400));
        conflicts.merge(device, 1L, Long::sum);
      } else {
        out.add(access(ts, req, "GET", "/_matrix/client/v3/sync?timeout=30000", 200));
      }
      lines += out.size();
      accessLines++;
      return out;
    }

    static String access(String ts, String req, String method, String uri, int status) {
      return SynapseTextLines.steadyAccess(ts, req, "@alice:example.org", method, uri, status);
    }
  }

  // --- the writer and the rotations, as Synapse's handler and logrotate do them ---

  void write(Path file, List<String> lines) throws IOException {
    Files.writeString(
        file,
        String.join("\n", lines) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  void write(int requests) throws IOException {
    write(log, truth.next(requests));
  }

  /** Synapse's TimedRotatingFileHandler / logrotate without copytruncate: shift, rename, create. */
  void renameAndCreate() throws IOException {
    shiftRotated();
    Files.move(log, dir.resolve("homeserver.log.1"));
    Files.createFile(log);
  }

  void shiftRotated() throws IOException {
    for (int n = 8; n >= 1; n--) {
      for (String gz : List.of("", ".gz")) {
        Path from = dir.resolve("homeserver.log." + n + gz);
        if (Files.exists(from)) {
          Files.move(
              from,
              dir.resolve("homeserver.log." + (n + 1) + gz),
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** logrotate copytruncate: copy (plain, or gzipped at once), then truncate in place. */
  void copyTruncate(boolean compressAtOnce, boolean delayCompressPrevious) throws IOException {
    shiftRotated();
    if (delayCompressPrevious && Files.exists(dir.resolve("homeserver.log.2"))) {
      gzip(dir.resolve("homeserver.log.2"), dir.resolve("homeserver.log.2.gz"));
      Files.delete(dir.resolve("homeserver.log.2"));
    }
    if (compressAtOnce) {
      gzip(log, dir.resolve("homeserver.log.1.gz"));
    } else {
      Files.copy(log, dir.resolve("homeserver.log.1"));
    }
    try (FileChannel c = FileChannel.open(log, StandardOpenOption.WRITE)) {
      c.truncate(0);
    }
  }

  static void gzip(Path from, Path to) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
      Files.copy(from, out);
    }
  }

  // --- the exporter side ---

  LogSource source(StartAt startAt) {
    return opened(
        TestConfigs.logsFrom(log, startAt).withPositionsFile(Optional.of(positions)),
        new PrometheusRegistry());
  }

  /** A source of the whole file with no positions file, its tail metrics in {@code tail}. */
  LogSource sourceFromTheBeginning(PrometheusRegistry tail) {
    return opened(TestConfigs.logsFrom(log, StartAt.BEGINNING), tail);
  }

  private LogSource opened(LogsConfig config, PrometheusRegistry tail) {
    LogSource source = new LogSource(config, program.program, tail, Clock.systemUTC());
    source.open();
    return source;
  }

  void poll(LogSource source) {
    source.pollAll();
    program.program.tick(program.clock.millis());
  }

  /** Every total equals what was written. */
  void assertExactlyWhatWasWritten() {
    Scrape s = program.settle();
    String file = "{file=\"" + log.toAbsolutePath() + "\"}";
    assertThat(s.valueOrFail("synapse_e2ee_log_records_total" + file))
        .isEqualTo((double) truth.lines);
    assertThat(s.text())
        .doesNotContainPattern("synapse_e2ee_log_lines_skipped_total\\{[^}]*\\} [1-9]");
    double requests =
        s.text()
            .lines()
            .filter(l -> l.startsWith("synapse_e2ee_http_requests_total{"))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
            .sum();
    assertThat(requests).isEqualTo((double) truth.accessLines);
    truth.conflicts.forEach(
        (device, n) ->
            assertThat(
                    s.valueOrFail(
                        "synapse_e2ee_otk_conflicts_total{algorithm=\"signed_curve25519\",device=\""
                            + device
                            + "\",user=\"@alice:example.org\"}"))
                .as(device)
                .isEqualTo(n.doubleValue()));
    assertThat(s.text())
        .as("no KE-1 join split by a rotation")
        .doesNotContain("device=\"unknown\"");
  }

  @Test
  void renameAndCreate_readsTheOldFilesUnreadTailThenTheNewFile() throws Exception {
    write(100);
    LogSource source = source(StartAt.BEGINNING);
    poll(source);
    write(77); // unread when the rotation comes
    renameAndCreate();
    write(60);
    poll(source);
    poll(source);
    assertExactlyWhatWasWritten();
  }

  @Test
  void copytruncate_readsTheUnreadTailFromTheCopy() throws Exception {
    write(100);
    LogSource source = source(StartAt.BEGINNING);
    poll(source);
    write(83);
    copyTruncate(false, false);
    write(40);
    poll(source);
    assertExactlyWhatWasWritten();
  }

  @Test
  void copytruncateWithDelaycompress_readsThePlainCopyAndNeverTheCompressedHistory()
      throws Exception {
    write(50);
    LogSource source = source(StartAt.BEGINNING);
    poll(source);
    write(20);
    copyTruncate(false, true); // the first rotation: .1
    write(30);
    poll(source);
    write(45);
    copyTruncate(false, true); // .1 -> .2 -> .2.gz, new .1
    write(25);
    poll(source);
    assertThat(dir.resolve("homeserver.log.2.gz")).exists();
    assertExactlyWhatWasWritten();
  }

  @Test
  void copytruncateCompressedAtOnce_readsTheUnreadTailFromTheGzip() throws Exception {
    write(100);
    LogSource source = source(StartAt.BEGINNING);
    poll(source);
    write(64);
    copyTruncate(true, false);
    write(10);
    poll(source);
    assertExactlyWhatWasWritten();
  }

  @Test
  void copytruncateWithoutACopy_isCountedAsALossNotSilent() throws Exception {
    write(100);
    PrometheusRegistry tail = new PrometheusRegistry();
    LogSource source = sourceFromTheBeginning(tail);
    source.pollAll();
    write(5);
    try (FileChannel c = FileChannel.open(log, StandardOpenOption.WRITE)) {
      c.truncate(0); // truncated by hand: no copy anywhere
    }
    source.pollAll();
    assertThat(
            Scrape.of(tail)
                .valueOrFail(
                    "synapse_e2ee_log_tail_losses_total{file=\""
                        + log.toAbsolutePath()
                        + "\",reason=\"copy_not_found\"}"))
        .isEqualTo(1);
  }

  @Test
  void twoRotationsBetweenTwoPolls_readTheMiddleFileToo() throws Exception {
    write(100);
    LogSource source = source(StartAt.BEGINNING);
    poll(source);
    write(30);
    // A KE-1 request whose first line lands before the rotation and the rest in the middle file.
    List<String> conflict = truth.request();
    while (!conflict.get(0).contains("POST-")) {
      write(log, conflict);
      conflict = truth.request();
    }
    write(log, conflict.subList(0, 1));
    renameAndCreate();
    write(log, conflict.subList(1, 3));
    write(log, truth.next(50)); // the middle file
    renameAndCreate();
    write(20);
    poll(source);
    assertExactlyWhatWasWritten();
  }

  @Test
  void deleteAndRecreate_finishesTheDeletedFileThroughTheOpenDescriptor() throws Exception {
    write(100);
    LogSource source = source(StartAt.BEGINNING);
    poll(source);
    write(33);
    Files.delete(log);
    write(12);
    poll(source);
    assertExactlyWhatWasWritten();
  }

  @Test
  void restart_resumesWhereItStoppedWithTheLinesWrittenWhileDown() throws Exception {
    Files.writeString(
        log, String.join("\n", new Truth().next(500)) + "\n"); // history: skipped by start_at end
    LogSource first = source(StartAt.END);
    poll(first);
    write(100);
    poll(first);
    first.close();
    write(10_000); // while the exporter is down
    LogSource second = source(StartAt.END);
    poll(second);
    assertExactlyWhatWasWritten();
  }

  @Test
  void restart_withAPartialLineAtStop_readsThatLineOnceAndWhole() throws Exception {
    write(10);
    List<String> next = truth.next(1);
    String line = next.get(next.size() - 1);
    Files.writeString(log, line.substring(0, 40), StandardOpenOption.APPEND);
    LogSource first = source(StartAt.BEGINNING);
    poll(first);
    first.close();
    Files.writeString(log, line.substring(40) + "\n", StandardOpenOption.APPEND);
    if (next.size() > 1) {
      throw new IllegalStateException("the test assumes a one-line request here");
    }
    LogSource second = source(StartAt.BEGINNING);
    poll(second);
    assertExactlyWhatWasWritten();
  }

  @Test
  void rotationWhileStopped_finishesTheRotatedFileFromTheSavedOffset() throws Exception {
    write(100);
    LogSource first = source(StartAt.END);
    poll(first); // opens the file at its end
    write(20);
    poll(first);
    first.close();
    write(300);
    renameAndCreate();
    write(40);
    renameAndCreate(); // and once more: the 40 lines are in a file the exporter never saw
    write(7);
    LogSource second = source(StartAt.END);
    poll(second);
    // The 100 lines before the first start were skipped by start_at end.
    assertExactlyWhatWasWrittenAfter(100);
  }

  @Test
  void truncationWhileStopped_finishesFromTheCopy() throws Exception {
    LogSource first = source(StartAt.BEGINNING);
    write(100);
    poll(first);
    first.close();
    write(250);
    copyTruncate(false, false);
    write(15);
    LogSource second = source(StartAt.BEGINNING);
    poll(second);
    assertExactlyWhatWasWritten();
  }

  @Test
  void corruptPositionsFile_warnsAndStartsEveryFileAtStartAt() throws Exception {
    Files.createDirectories(positions.getParent());
    Files.writeString(
        positions, "{\"version\":1,\"files\":{\"" + log.toAbsolutePath() + "\":{\"offset\":\"x\"");
    Files.writeString(log, String.join("\n", new Truth().next(200)) + "\n"); // history
    LogSource source = source(StartAt.END);
    poll(source);
    write(90);
    poll(source);
    assertExactlyWhatWasWritten();
    source.close();
    assertThat(Positions.load(positions)).containsKey(log.toAbsolutePath().toString());
  }

  /**
   * As {@link #assertExactlyWhatWasWritten}, when the first {@code skippedRequests} requests were
   * history.
   */
  void assertExactlyWhatWasWrittenAfter(int skippedRequests) {
    Truth before = new Truth();
    before.next(skippedRequests);
    truth.lines -= before.lines;
    truth.accessLines -= before.accessLines;
    before.conflicts.forEach((d, n) -> truth.conflicts.merge(d, -n, Long::sum));
    assertExactlyWhatWasWritten();
  }

  @Test
  void aFileThatCannotBeReadIsCountedAndRetriedNotSkipped() throws Exception {
    Files.createDirectory(log); // opening it fails, also for root
    PrometheusRegistry tail = new PrometheusRegistry();
    LogSource source = sourceFromTheBeginning(tail);
    source.pollAll();
    source.pollAll();
    assertThat(
            Scrape.of(tail)
                .valueOrFail(
                    "synapse_e2ee_log_read_errors_total{file=\"" + log.toAbsolutePath() + "\"}"))
        .isEqualTo(2);
    Files.delete(log);
    write(30); // the path becomes a readable file: nothing of it is skipped
    poll(source);
    assertExactlyWhatWasWritten();
  }
}
