package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.LogsConfig;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.Journals;
import dev.e2ee.exporter.testing.NeedsTool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synapse's journald entries through the real journalctl: handed on under the journal's label,
 * checkpointed as journalctl's cursor, resumed after it; a journalctl that cannot run is DOWN with
 * the reason.
 */
class JournalStreamTest {
  @TempDir Path dir;
  final List<String> seen = new CopyOnWriteArrayList<>();

  JournalStream stream(Path journalDir, String journalctl, Map<String, String> cursors) {
    LogsConfig logs = Journals.config(journalDir, dir.resolve("p.json"), journalctl);
    return new JournalStream(
        logs.journald().orElseThrow(), logs, cursors, (label, line) -> seen.add(label));
  }

  @NeedsTool
  @Test
  void entriesAreHandedOnUnderTheJournalsLabelAndResumedAfterTheCursor() throws Exception {
    Path journalctl = ExternalTool.require("journalctl", "systemd");
    Path journalDir = dir.resolve("journal");
    Journals.write(dir, journalDir, JournaldTest.storm(0, 2));
    Map<String, String> cursors = new HashMap<>();
    JournalStream first = stream(journalDir, journalctl.toString(), Map.of());
    try {
      first.start();
      Await.until(
          () -> {
            first.poll();
            return seen.size() >= 6;
          },
          Duration.ofSeconds(30));
      assertThat(first.up()).isTrue();
      assertThat(first.detail()).isEqualTo("journald: 6 entries read");
      first.checkpoint(0, new HashMap<>(), cursors);
    } finally {
      first.close();
    }
    String label = "journald:SYSLOG_IDENTIFIER=matrix-synapse@" + journalDir;
    assertThat(seen).hasSize(6).containsOnly(label);
    assertThat(cursors).containsOnlyKeys(label);
    Journals.write(dir, journalDir, JournaldTest.storm(2, 1));
    seen.clear();
    JournalStream again = stream(journalDir, journalctl.toString(), cursors);
    try {
      again.start();
      Await.until(
          () -> {
            again.poll();
            return again.detail().equals("journald: 3 entries read");
          },
          Duration.ofSeconds(30));
      again.poll();
      assertThat(seen).as("only the entries after the cursor").hasSize(3);
    } finally {
      again.close();
    }
  }

  @Test
  void aJournalctlThatCannotRunIsDownWithTheReason() throws Exception {
    JournalStream s = stream(dir, dir.resolve("no-journalctl").toString(), Map.of());
    try {
      s.start();
      Await.until(() -> !s.up(), Duration.ofSeconds(10));
      assertThat(s.detail()).startsWith("journald: journalctl could not be run");
      Map<String, String> cursors = new HashMap<>();
      s.checkpoint(0, new HashMap<>(), cursors);
      assertThat(cursors).as("no entry read, no cursor").isEmpty();
    } finally {
      s.close();
    }
  }
}
