package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.JarProcess;
import dev.e2ee.exporter.testing.NeedsPackagedJar;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code serve} processes with the same positions file (a test config run beside the service):
 * the second refuses to start instead of resuming at the first's offsets and overwriting its saves.
 * Separate processes, because the lock is the kernel's and held per process.
 */
@NeedsPackagedJar
class PositionsLockJarIT {

  @Test
  void aSecondServeWithTheSamePositionsFileExitsOneNamingFileAndPid(@TempDir Path dir)
      throws Exception {
    Path log = Files.writeString(dir.resolve("homeserver.log"), "");
    Path positions = dir.resolve("positions.json");
    try (JarProcess first = serve(dir, "first.yml", log, positions)) {
      first.awaitStderr(line -> line.contains("listening on"), 60);
      try (JarProcess second = serve(dir, "second.yml", log, positions)) {
        assertThat(second.waitForExit(60)).as(second.stderr()).isEqualTo(1);
        assertThat(second.stderr())
            .isEqualTo(
                "error: positions file "
                    + positions
                    + " is in use by another exporter (pid "
                    + first.pid()
                    + "); stop that one, or give this one its own logs.positions_file");
      }
      assertThat(first.terminate(10)).as(first.stderr()).isEqualTo(143);
    }
    // Once the first has stopped, the file is free again.
    try (JarProcess third = serve(dir, "third.yml", log, positions)) {
      third.awaitStderr(line -> line.contains("listening on"), 60);
      assertThat(third.terminate(10)).as(third.stderr()).isEqualTo(143);
    }
  }

  private static JarProcess serve(Path dir, String name, Path log, Path positions)
      throws Exception {
    Path config =
        Files.writeString(
            dir.resolve(name),
            String.join(
                "\n",
                "listen: {address: 127.0.0.1, port: " + ServeJarIT.freePort() + "}",
                "synapse: {server_name: example.org}",
                "logs: {files: ['" + log + "'], positions_file: '" + positions + "'}",
                "database: {enabled: false}",
                ""));
    return JarProcess.start("serve", "--config", config.toString());
  }
}
