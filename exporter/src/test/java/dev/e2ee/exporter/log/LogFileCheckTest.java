package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.testing.TestConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} on the Synapse 1.160.0 log (replay/real-synapse/homeserver.log): how many of its
 * last lines are records of the configured layout, its newest time, and what is wrong with a path
 * that cannot be read.
 */
class LogFileCheckTest {
  static final String REAL_SYNAPSE = "/dev/e2ee/exporter/replay/real-synapse/homeserver.log";

  @TempDir Path dir;

  static ExporterConfig config(Path file) {
    return TestConfigs.with(
        TestConfigs.logsFrom(file, StartAt.END), TestConfigs.disabledDatabase());
  }

  Path realLog() throws IOException {
    Path log = dir.resolve("homeserver.log");
    try (InputStream in = LogFileCheckTest.class.getResourceAsStream(REAL_SYNAPSE)) {
      assertThat(in).as(REAL_SYNAPSE).isNotNull();
      Files.copy(in, log);
    }
    return log;
  }

  /** Lines in Synapse's text layout; the real log also holds its JSON formatter's records. */
  static final Pattern TEXT_RECORD =
      Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d),(\\d{3}) - .*");

  static List<String> textRecords(List<String> lines) {
    return lines.stream().filter(l -> TEXT_RECORD.matcher(l).matches()).toList();
  }

  @Test
  void theRealLogIsReadWholeAndItsNewestTimeIsItsLastRecord() throws IOException {
    Path log = realLog();
    List<String> lines = Files.readAllLines(log);
    List<String> records = textRecords(lines);
    LogFileCheck.Result r = LogFileCheck.run(config(log)).get(0);
    assertThat(r.readable()).isTrue();
    assertThat(r.problem()).isNull();
    assertThat(r.lines()).isEqualTo(lines.size());
    // Tracebacks, pydantic's error lines and the JSON formatter's records are no text records.
    assertThat(r.records()).isEqualTo(records.size()).isLessThan(lines.size());
    Matcher last = TEXT_RECORD.matcher(records.get(records.size() - 1));
    assertThat(last.matches()).isTrue();
    assertThat(r.newest())
        .isEqualTo(Instant.parse(last.group(1) + "T" + last.group(2) + "." + last.group(3) + "Z"));
    assertThat(r.layout()).isEqualTo("text");
  }

  @Test
  void onlyTheLast256KiBAreReadAndTheirFirstLineMayBeCut() throws IOException {
    Path log = realLog();
    List<String> lines = Files.readAllLines(log);
    String real = Files.readString(log);
    Files.writeString(log, "x".repeat(LogFileCheck.TAIL_BYTES) + "\n" + real);
    LogFileCheck.Result r = LogFileCheck.check(log, config(log));
    // The window holds the real log and the end of the long line before it, which is left out.
    assertThat(r.lines()).isEqualTo(lines.size());
    assertThat(r.records()).isEqualTo(textRecords(lines).size());
  }

  @Test
  void aMissingFileSaysWhereSynapseLogs() {
    LogFileCheck.Result r = LogFileCheck.check(dir.resolve("absent.log"), config(dir));
    assertThat(r.readable()).isFalse();
    assertThat(r.problem()).startsWith("does not exist (fix: set logs.files to the file Synapse");
    assertThat(r.newest()).isNull();
  }

  @Test
  void aFileInAnotherLayoutHasNoRecords() throws IOException {
    Path log = dir.resolve("syslog");
    Files.writeString(
        log,
        "Dec  6 06:54:57 hs matrix-synapse[147051]: synapse.config.logger: [main] ***** STARTING"
            + " SERVER *****\n");
    LogFileCheck.Result r = LogFileCheck.check(log, config(log));
    assertThat(r.readable()).isTrue();
    assertThat(r.lines()).isEqualTo(1);
    assertThat(r.records()).isZero();
    assertThat(r.newest()).isNull();
  }
}
