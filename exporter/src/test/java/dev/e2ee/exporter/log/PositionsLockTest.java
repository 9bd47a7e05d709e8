package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.TestConfigs;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One log source per positions file within a process (the kernel's lock is per process, so the same
 * JVM is refused by the JDK's own overlap check; two processes: {@code PositionsLockJarIT}).
 */
class PositionsLockTest {

  @Test
  void aSecondLockIsRefusedNamingTheFileAndTheHoldersPid(@TempDir Path dir) {
    Path positions = dir.resolve("positions.json");
    try (PositionsLock first = PositionsLock.acquire(positions)) {
      assertThat(first.held()).isTrue();
      assertThatThrownBy(() -> PositionsLock.acquire(positions))
          .isInstanceOf(PositionsLock.HeldElsewhere.class)
          .hasMessage(
              "positions file "
                  + positions
                  + " is in use by another exporter (pid "
                  + ProcessHandle.current().pid()
                  + "); stop that one, or give this one its own logs.positions_file");
    }
    try (PositionsLock again = PositionsLock.acquire(positions)) {
      assertThat(again.held()).as("released on close").isTrue();
    }
  }

  @Test
  void aLogSourceHoldsTheLockFromOpenUntilCloseAndSavesBeforeReleasing(@TempDir Path dir)
      throws Exception {
    Path log = Files.writeString(dir.resolve("homeserver.log"), "");
    Path positions = dir.resolve("state").resolve("positions.json");
    LogSource first = source(log, positions);
    first.open();
    LogSource second = source(log, positions);
    assertThatThrownBy(second::open).isInstanceOf(PositionsLock.HeldElsewhere.class);
    assertThat(Files.exists(positions)).as("the refused source wrote nothing").isFalse();
    first.close();
    assertThat(positions).exists();
    LogSource third = source(log, positions);
    third.open();
    third.close();
  }

  @Test
  void anUnwritableDirectoryWarnsAndHoldsNothing(@TempDir Path dir) throws Exception {
    Path readOnly = Files.createDirectory(dir.resolve("ro"));
    assertThat(readOnly.toFile().setWritable(false)).isTrue();
    try (PositionsLock lock = PositionsLock.acquire(readOnly.resolve("positions.json"))) {
      // root may write anyway; then the lock is simply held
      assertThat(lock.held()).isEqualTo(Files.isWritable(readOnly));
    } finally {
      readOnly.toFile().setWritable(true);
    }
  }

  private static LogSource source(Path log, Path positions) {
    return new LogSource(
        TestConfigs.logsFrom(log, StartAt.BEGINNING).withPositionsFile(Optional.of(positions)),
        new ProgramHarness().program,
        new PrometheusRegistry(),
        Clock.systemUTC());
  }
}
