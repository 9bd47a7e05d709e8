package dev.e2ee.exporter.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.LogsConfig;
import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.evidence.LogClock;
import dev.e2ee.exporter.log.program.LogProgram;
import dev.e2ee.exporter.replay.IncidentLog;
import dev.e2ee.exporter.source.SourceStatus;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.TestConfigs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the exporter reads of the log: a program fed by a tailer when the log is on (in order, or
 * parsed ahead on workers with {@code logs.parse_threads}), empty answers when it is off.
 */
class LogSideTest {
  private final ProgramHarness harness = new ProgramHarness();
  private final AtomicInteger programsMade = new AtomicInteger();

  /** The harness's program, counting how often the side asked for one. */
  private LogProgram program() {
    programsMade.incrementAndGet();
    return harness.program;
  }

  @Test
  void aLogSwitchedOffAnswersEmptyAndMakesNoProgram() {
    LogSide off =
        LogSide.start(
            TestConfigs.disabledLogs(), harness.registry, Clock.systemUTC(), this::program);

    assertThat(off.source().status().state()).isEqualTo(SourceStatus.State.DISABLED);
    assertThat(off.source().name()).isEqualTo("log");
    assertThat(off.conflictingDevices()).isEmpty();
    assertThat(off.recentConflicts()).isEmpty();
    assertThat(off.activeConflicts()).isEmpty();
    assertThat(off.clock()).isSameAs(LogClock.NONE);
    assertThat(programsMade).hasValue(0);
  }

  @ParameterizedTest(name = "logs.parse_threads {0}")
  @ValueSource(ints = {0, 2})
  void aLogThatIsOnIsTailedIntoTheProgram(int parseThreads, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("homeserver.log");
    IncidentLog.write(file, new IncidentLog().lines());
    LogsConfig logs =
        TestConfigs.logsFrom(file, StartAt.BEGINNING).with(l -> l.parseThreads = parseThreads);

    LogSide on = LogSide.start(logs, harness.registry, Clock.systemUTC(), this::program);
    try {
      Await.until(() -> !on.conflictingDevices().isEmpty(), Duration.ofSeconds(20));

      assertThat(programsMade).hasValue(1);
      assertThat(on.source().status().state()).isNotEqualTo(SourceStatus.State.DISABLED);
      assertThat(on.conflictingDevices())
          .singleElement()
          .satisfies(d -> assertThat(d.last().deviceId()).isEqualTo(IncidentLog.STORM_DEVICE));
      assertThat(on.recentConflicts()).isNotEmpty();
      assertThat(on.clock()).isNotSameAs(LogClock.NONE);
    } finally {
      on.source().close();
    }
  }
}
