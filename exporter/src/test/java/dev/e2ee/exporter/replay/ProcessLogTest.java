package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.RecordParsers;
import dev.e2ee.exporter.log.pipeline.ParseWorkers;
import dev.e2ee.exporter.log.pipeline.RecordStep;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One Synapse process's files read one after the other, line by line into the head, with each
 * file's counts and errors; the same read in order on this thread and parsed ahead on workers.
 */
class ProcessLogTest {
  private static final int MAX_LINE_BYTES = 4096;

  @TempDir Path dir;
  private final AtomicLong bytes = new AtomicLong();

  /** How the lines are read: both ways must give the same heads and counts. */
  enum Reader {
    IN_ORDER,
    ON_TWO_WORKERS;

    @Nullable ParseWorkers workers() {
      return this == IN_ORDER ? null : ParseWorkers.of(2, 7, 2_000);
    }
  }

  private List<InputFile> files(Path... paths) {
    List<InputFile> files = new ArrayList<>();
    for (Path p : paths) {
      files.add(new InputFile(ReplayFile.of(p.toString()), "homeserver"));
    }
    return files;
  }

  private ProcessLog open(List<InputFile> files, @Nullable ParseWorkers workers) {
    return new ProcessLog(
        "homeserver",
        files,
        RecordParsers.forLayout(Replays.config("example.org"), Clock.systemUTC()),
        MAX_LINE_BYTES,
        bytes::addAndGet,
        workers,
        RecordStep.NONE);
  }

  /** Every head line, its outcome, and where it sorts. */
  private record Head(String line, ParseOutcome outcome, long sortMillis) {}

  private static List<Head> readAll(ProcessLog log) {
    List<Head> heads = new ArrayList<>();
    while (log.advance()) {
      heads.add(new Head(log.line(), log.outcome(), log.sortMillis()));
    }
    log.close();
    return heads;
  }

  @ParameterizedTest
  @EnumSource(Reader.class)
  void aRotatedFileAndTheCurrentOneAreReadAsOneLog(Reader reader) throws Exception {
    List<String> lines = new IncidentLog().lines();
    int half = lines.size() / 2;
    Path rotated = dir.resolve("homeserver.log.1.gz");
    IncidentLog.writeGzip(rotated, lines.subList(0, half));
    Path current = dir.resolve("homeserver.log");
    // The current file's last line has no newline yet: still a line.
    Files.writeString(current, String.join("\n", lines.subList(half, lines.size())));
    List<InputFile> files = files(rotated, current);

    List<Head> heads = readAll(open(files, reader.workers()));

    assertThat(heads).extracting(Head::line).containsExactlyElementsOf(lines);
    assertThat(files)
        .extracting(f -> f.lines)
        .containsExactly((long) half, (long) lines.size() - half);
    assertThat(files).extracting(f -> f.layout).containsOnly("text");
    assertThat(files.get(0).records + files.get(1).records)
        .isEqualTo(heads.stream().filter(h -> h.outcome() == ParseOutcome.RECORD).count());
    assertThat(files.get(0).firstRecordMillis).isEqualTo(IncidentLog.START.toEpochMilli() + 100);
    assertThat(files.get(1).lastRecordMillis).isEqualTo(IncidentLog.END.toEpochMilli() - 500);
    assertThat(files).extracting(f -> f.error).containsOnlyNulls();
    assertThat(bytes.get()).isEqualTo(Files.size(rotated) + Files.size(current));
  }

  @ParameterizedTest
  @EnumSource(Reader.class)
  void aTracebackSortsRightBehindItsRecord(Reader reader) throws Exception {
    Path log = dir.resolve("homeserver.log");
    IncidentLog.write(log, new IncidentLog().lines());

    List<Head> heads = readAll(open(files(log), reader.workers()));

    int failed = 0;
    while (!heads.get(failed).line().contains("Failed to send delayed event")) {
      failed++;
    }
    assertThat(heads.get(failed).outcome()).isEqualTo(ParseOutcome.RECORD);
    // The latest record read so far: a traceback is never merged ahead of what came before it.
    long latest =
        heads.subList(0, failed + 1).stream()
            .filter(h -> h.outcome() == ParseOutcome.RECORD)
            .mapToLong(Head::sortMillis)
            .max()
            .orElseThrow();
    assertThat(latest).isEqualTo(IncidentLog.START.toEpochMilli() + 4 * 60_000 + 100);
    assertThat(heads.subList(failed + 1, failed + 1 + IncidentLog.TRACEBACK_LINES))
        .allSatisfy(
            h -> {
              assertThat(h.outcome()).isEqualTo(ParseOutcome.CONTINUATION);
              assertThat(h.sortMillis()).isEqualTo(latest);
            });
  }

  @ParameterizedTest
  @EnumSource(Reader.class)
  void aFileThatCannotBeReadIsAnErrorAndTheNextIsRead(Reader reader) throws Exception {
    Path missing = dir.resolve("homeserver.log.2");
    Path current = dir.resolve("homeserver.log");
    List<String> lines = new IncidentLog().lines().subList(0, 50);
    IncidentLog.write(current, lines);
    List<InputFile> files = files(missing, current);

    assertThat(readAll(open(files, reader.workers()))).hasSize(50);
    assertThat(files.get(0).error).startsWith("cannot be read: ");
    assertThat(files.get(0).lines).isZero();
    assertThat(files.get(1).error).isNull();
    assertThat(files.get(1).lines).isEqualTo(50);
  }

  @ParameterizedTest
  @EnumSource(Reader.class)
  void aCorruptArchiveKeepsWhatWasReadAndSaysWhere(Reader reader) throws Exception {
    Path whole = dir.resolve("whole.gz");
    IncidentLog.writeGzip(whole, new IncidentLog().lines());
    byte[] gz = Files.readAllBytes(whole);
    Path cut = dir.resolve("homeserver.log.1.gz");
    Files.write(cut, Arrays.copyOf(gz, gz.length / 2));
    Path current = dir.resolve("homeserver.log");
    IncidentLog.write(current, List.of(new IncidentLog().lines().get(0)));
    List<InputFile> files = files(cut, current);

    List<Head> heads = readAll(open(files, reader.workers()));

    InputFile broken = files.get(0);
    assertThat(broken.lines).isPositive();
    assertThat(broken.error).startsWith("read failed after " + broken.lines + " lines: ");
    assertThat(files.get(1).lines).isEqualTo(1);
    assertThat(heads).hasSize((int) broken.lines + 1);
  }

  @ParameterizedTest
  @EnumSource(Reader.class)
  void overlongAndNonUtf8LinesAreCountedAgainstTheirFile(Reader reader) throws Exception {
    List<String> lines = new IncidentLog().lines().subList(0, 3);
    Path log = dir.resolve("homeserver.log");
    byte[] notUtf8 = {'a', (byte) 0xff, 'b', '\n'};
    Files.write(
        log,
        (lines.get(0) + "\n" + lines.get(1) + " " + "x".repeat(MAX_LINE_BYTES) + "\n")
            .getBytes(StandardCharsets.UTF_8));
    Files.write(log, notUtf8, java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(log, lines.get(2) + "\n", java.nio.file.StandardOpenOption.APPEND);
    List<InputFile> files = files(log);

    List<Head> heads = readAll(open(files, reader.workers()));

    assertThat(heads).hasSize(4);
    assertThat(files.get(0).lines).isEqualTo(4);
    assertThat(files.get(0).cutLines).isEqualTo(1);
    assertThat(files.get(0).invalidUtf8Lines).isEqualTo(1);
    assertThat(heads.get(3).line()).isEqualTo(lines.get(2));
  }
}
