package dev.e2ee.exporter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerSideTest {
  private static final Path REAL_LOG =
      Path.of("src/test/resources/dev/e2ee/exporter/replay/real-synapse/homeserver.log")
          .toAbsolutePath();
  private static final List<String> EVERYONE =
      List.of(
          "@alice:compat.test",
          "@bob:compat.test",
          "@carol:compat.test",
          "@dave:compat.test",
          "@erin:compat.test",
          "@frank:compat.test",
          "@storm:compat.test");

  @TempDir Path out;

  /**
   * Nothing about one user may reach another's bundle: the slice keeps the user's lines (and its
   * device's) from the real Synapse log, and no other user of that log is named in it.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "@alice:compat.test, ",
    "@alice:compat.test, ALICEXANDROID",
    "@frank:compat.test, ",
    "@storm:compat.test, ",
  })
  void logSliceNamesOnlyTheCapturedUser(String user, String device) throws Exception {
    CaptureBundle bundle = CaptureBundle.create(out, Instant.EPOCH);
    new ServerSide(user, device, null, null, null, false)
        .captureLogs(
            TestConfigs.with(
                TestConfigs.logsFrom(REAL_LOG, StartAt.BEGINNING), TestConfigs.disabledDatabase()),
            bundle,
            new OtherIdentities(user));

    String slice = Files.readString(bundle.dir().resolve("homeserver-slice.log"));
    assertThat(slice).contains(user);
    if (device != null) {
      assertThat(slice).contains(device);
    }
    for (String other : EVERYONE) {
      if (!other.equals(user)) {
        assertThat(slice).doesNotContain(other);
      }
    }
    assertThat(bundle.complete()).isTrue();
  }

  @Test
  void disabledSourcesAreSaidNotCapturedNotLeftOut() throws Exception {
    CaptureBundle bundle = CaptureBundle.create(out, Instant.EPOCH);
    ServerSide side = new ServerSide("@alice:compat.test", null, null, null, null, false);
    side.captureLogs(TestConfigs.noSources(), bundle, new OtherIdentities("@alice:compat.test"));
    side.captureDatabase(
        TestConfigs.noSources(), bundle, Map.of(), new OtherIdentities("@alice:compat.test"));
    bundle.finish("Capture", List.of(), false);

    assertThat(bundle.complete()).isFalse();
    assertThat(Files.readString(bundle.dir().resolve("README.md")))
        .contains("- log slice: logs.enabled is false")
        .contains("- SQL results: database.enabled is false");
  }

  @Test
  void missingLogFileIsSaidNotCaptured() throws Exception {
    CaptureBundle bundle = CaptureBundle.create(out, Instant.EPOCH);
    new ServerSide("@alice:compat.test", null, null, null, null, false)
        .captureLogs(
            TestConfigs.with(
                TestConfigs.logsFrom(out.resolve("gone.log"), StartAt.BEGINNING),
                TestConfigs.disabledDatabase()),
            bundle,
            new OtherIdentities("@alice:compat.test"));
    assertThat(bundle.complete()).isFalse();
  }
}
