package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.LogFormat;
import dev.e2ee.exporter.config.LogsConfig;
import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.log.pipeline.ParallelSink;
import dev.e2ee.exporter.log.pipeline.ParseWorkers;
import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.TestConfigs;
import dev.e2ee.fixture.LogShape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve}'s side: the same files tailed into one log program line by line and into another
 * through the parse workers (batches of 7 lines) give identical scrapes, across rounds of backlog,
 * a rotation between two polls, a live round of a few lines, and several files (one behind Docker's
 * json-file driver) read in one round.
 */
class ParallelTailEqualityTest {

  @Test
  void theWorkersChangeNoScrapedNumber(@TempDir Path dir) throws Exception {
    List<String> real = resourceLines("/dev/e2ee/exporter/replay/real-synapse/homeserver.log");
    List<String> text = ProgramHarness.resourceLines("homeserver-text.log");
    List<String> docker = LogShape.DOCKER_JSON.apply(text);
    Path a = dir.resolve("homeserver.log");
    Path b = dir.resolve("c0ffee-json.log");
    int third = real.size() / 3;
    append(a, real.subList(0, third));
    append(b, docker.subList(0, docker.size() / 2));

    ProgramHarness sequential = harness();
    ProgramHarness parallel = harness();
    LogsConfig logs =
        logs(a, StartAt.BEGINNING, l -> l.files = List.of(a.toString(), b.toString()));
    LineSink viaWorkers = viaWorkers(parallel);
    try (LogSource one = source(logs, sequential, sequential.program);
        LogSource two = source(logs, parallel, viaWorkers)) {
      round(one, sequential.program, sequential);
      round(two, viaWorkers, parallel);

      append(a, real.subList(third, 2 * third));
      append(b, docker.subList(docker.size() / 2, docker.size()));
      Files.move(a, dir.resolve("homeserver.log.1")); // rotated between two polls
      append(a, real.subList(2 * third, real.size() - 3));
      round(one, sequential.program, sequential);
      round(two, viaWorkers, parallel);

      append(a, real.subList(real.size() - 3, real.size())); // a live round: three lines
      round(one, sequential.program, sequential);
      round(two, viaWorkers, parallel);

      String expected = program(sequential.settle().text());
      assertThat(expected).contains("synapse_e2ee_log_records_total");
      assertThat(program(parallel.settle().text())).isEqualTo(expected);
    }
  }

  /**
   * Lines a worker splits out of whole reads are counted as the tailer counts its own: a line cut
   * at the cap (also one that straddles two reads), bytes that are not UTF-8, CRLF endings; and a
   * start at the end of a file in the middle of a line skips that line's rest on both paths.
   */
  @Test
  void linesSplitOnTheWorkersAreCountedAsTheTailerCountsItsOwn(@TempDir Path dir) throws Exception {
    List<String> text = ProgramHarness.resourceLines("homeserver-text.log");
    Path a = dir.resolve("homeserver.log");
    Files.write(
        a,
        (String.join("\n", text.subList(0, 5)) + "\n" + "2026-07-01 half a li")
            .getBytes(StandardCharsets.UTF_8));

    ProgramHarness sequential = harness();
    ProgramHarness parallel = harness();
    LogsConfig logs = logs(a, StartAt.END, l -> l.maxLineBytes = 600);
    LineSink viaWorkers = viaWorkers(parallel);
    try (LogSource one = source(logs, sequential, sequential.program);
        LogSource two = source(logs, parallel, viaWorkers)) {
      round(one, sequential.program, sequential); // opens the file at its end, mid-line
      round(two, viaWorkers, parallel);
      ByteArrayOutputStream more = new ByteArrayOutputStream();
      more.writeBytes("ne, whose start was history\n".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < text.size(); i++) {
        more.writeBytes(text.get(i).getBytes(StandardCharsets.UTF_8));
        if (i % 4 == 1) {
          more.writeBytes(" and a long tail ".repeat(40 + i % 50).getBytes(StandardCharsets.UTF_8));
        }
        if (i % 13 == 6) {
          more.write(0xff); // not UTF-8
          more.write(0xc3);
        }
        more.writeBytes((i % 5 == 0 ? "\r\n" : "\n").getBytes(StandardCharsets.UTF_8));
      }
      Files.write(a, more.toByteArray(), StandardOpenOption.APPEND);
      round(one, sequential.program, sequential);
      round(two, viaWorkers, parallel);

      String expected = program(sequential.settle().text());
      // What this test is about happened: lines were cut, bytes replaced, the rest skipped.
      assertThat(sequential.settle().valueOrFail(counted("lines_cut", a))).isGreaterThan(5);
      assertThat(sequential.settle().valueOrFail(counted("lines_invalid_utf8", a)))
          .isGreaterThan(2);
      assertThat(sequential.settle().valueOrFail(counted("lines_read", a)))
          .isEqualTo(text.size()); // not the rest of the line the start joined
      assertThat(program(parallel.settle().text())).isEqualTo(expected);
    }
  }

  /**
   * A stop in the middle of a backlog: what the workers still hold reaches the program before the
   * offsets that count it as read are saved, so a restart neither skips nor repeats a line.
   */
  @Test
  void aStopMidBacklogHandsOnWhatTheWorkersHoldBeforeSavingOffsets(@TempDir Path dir)
      throws Exception {
    Path a = dir.resolve("homeserver.log");
    append(a, resourceLines("/dev/e2ee/exporter/replay/real-synapse/homeserver.log"));
    ProgramHarness sequential = harness();
    ProgramHarness parallel = harness();
    ProgramHarness restarted = harness();
    LogsConfig logs =
        logs(
            a,
            StartAt.BEGINNING,
            l -> l.positionsFile = Optional.of(dir.resolve("positions.json")));
    try (LogSource one =
        source(
            logs.with(l -> l.positionsFile = Optional.empty()), sequential, sequential.program)) {
      round(one, sequential.program, sequential);
    }
    LogSource two = source(logs, parallel, viaWorkers(parallel));
    two.pollAll(); // stopped before the round's tick: batches are still with the workers
    two.close();
    assertThat(program(parallel.settle().text())).isEqualTo(program(sequential.settle().text()));

    LineSink again = viaWorkers(restarted);
    try (LogSource three = source(logs, restarted, again)) {
      round(three, again, restarted);
      assertThat(restarted.settle().valueOrFail(counted("lines_read", a))).isZero();
    }
  }

  private static String counted(String name, Path file) {
    return "synapse_e2ee_log_" + name + "_total{file=\"" + file + "\"}";
  }

  private static ProgramHarness harness() {
    return new ProgramHarness(LogFormat.AUTO, labels(), 500);
  }

  /** Two workers, batches of 7 lines, reads of 2,000 bytes: many batches, many straddling lines. */
  private static LineSink viaWorkers(ProgramHarness h) {
    return new ParallelSink(h.program, ParseWorkers.of(2, 7, 2_000));
  }

  /** {@code file} read with the layout detected, and {@code more} of the test's own. */
  private static LogsConfig logs(Path file, StartAt startAt, Consumer<LogsConfig.Builder> more) {
    return TestConfigs.logsFrom(file, startAt)
        .with(
            l -> {
              l.format = LogFormat.AUTO;
              more.accept(l);
            });
  }

  private static LabelsConfig labels() {
    return new LabelsConfig(UserIdMode.FULL);
  }

  private static LogSource source(LogsConfig logs, ProgramHarness h, LineSink sink) {
    LogSource s = new LogSource(logs, sink, h.registry, h.clock, h.program::layouts);
    s.open();
    return s;
  }

  /** What the tailer thread does per round: poll every file, then tick. */
  private static void round(LogSource source, LineSink sink, ProgramHarness h) {
    source.pollAll();
    sink.tick(h.clock.millis());
  }

  /**
   * The scrape without the tailer's last-read times (wall-clock seconds of each run); every count
   * stays in.
   */
  private static String program(String scrape) {
    return scrape
        .lines()
        .filter(l -> !l.contains("_last_read_") && !l.contains("_seconds_since"))
        .collect(Collectors.joining("\n"));
  }

  private static void append(Path file, List<String> lines) throws IOException {
    Files.writeString(
        file,
        lines.stream().map(l -> l + "\n").collect(Collectors.joining()),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static List<String> resourceLines(String name) throws IOException {
    try (InputStream in =
        Objects.requireNonNull(ParallelTailEqualityTest.class.getResourceAsStream(name), name)) {
      return new ArrayList<>(
          new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    }
  }
}
