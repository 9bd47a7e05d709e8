package dev.e2ee.exporter.log;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.RecordParser;
import dev.e2ee.exporter.log.parse.RecordParsers;
import dev.e2ee.exporter.support.ErrorText;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * For {@code check}: is each configured log file readable, and are its last lines in the configured
 * layout? Reads only the file's last 256 KiB.
 */
public final class LogFileCheck {
  static final int TAIL_BYTES = 256 * 1024;

  /**
   * The verdict on one file: readable, how many of its last lines were records, the newest time.
   */
  public record Result(
      Path file,
      boolean readable,
      @Nullable String problem,
      int lines,
      int records,
      @Nullable Instant newest,
      String layout) {}

  private LogFileCheck() {}

  /** Where to look when the configured log is not there: the same hint for a file and a glob. */
  public static final String WHERE_SYNAPSE_LOGS =
      "set logs.files to the file Synapse writes: the filename of the file handler in Synapse's"
          + " log config (log_config in homeserver.yaml, /etc/matrix-synapse/log.yaml in the Debian"
          + " package); if Synapse logs to journald, set logs.journald instead";

  public static List<Result> run(ExporterConfig config) {
    List<Result> results = new ArrayList<>();
    for (Path file : LogFiles.expand(config.logs().files())) {
      results.add(check(file, config));
    }
    return results;
  }

  static Result check(Path file, ExporterConfig config) {
    if (!Files.exists(file)) {
      return new Result(
          file, false, "does not exist (fix: " + WHERE_SYNAPSE_LOGS + ")", 0, 0, null, "");
    }
    if (!Files.isReadable(file)) {
      return new Result(
          file, false, "not readable by this user (add it to the log's group)", 0, 0, null, "");
    }
    byte[] tail;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, raf.length() - TAIL_BYTES);
      tail = new byte[(int) (raf.length() - start)];
      raf.seek(start);
      raf.readFully(tail);
    } catch (IOException e) {
      return new Result(file, false, "cannot read: " + ErrorText.describe(e), 0, 0, null, "");
    }
    RecordParser parser = RecordParsers.forLayout(config, Clock.systemUTC());
    LogRecord record = new LogRecord();
    int lines = 0;
    int records = 0;
    long newest = Long.MIN_VALUE;
    List<String> all = new String(tail, StandardCharsets.UTF_8).lines().toList();
    // The first line of the window may be cut in the middle.
    for (String line :
        tail.length == TAIL_BYTES ? all.subList(Math.min(1, all.size()), all.size()) : all) {
      lines++;
      if (parser.parse(line, record) == ParseOutcome.RECORD) {
        records++;
        newest = Math.max(newest, record.timestampMillis());
      }
    }
    return new Result(
        file,
        true,
        null,
        lines,
        records,
        newest == Long.MIN_VALUE ? null : Instant.ofEpochMilli(newest),
        parser.layout());
  }
}
