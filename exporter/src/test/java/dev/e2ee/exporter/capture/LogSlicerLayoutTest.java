package dev.e2ee.exporter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.log.parse.LayoutDetector;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slice reads a file as serve does: a switch to Synapse's JSON formatter within the file loses
 * no record, a request is joined by its id in either layout, a traceback stays with its record and
 * a line of no layout is not taken for one.
 */
class LogSlicerLayoutTest {
  static final String ALICE = LogSlicerScopeTest.ALICE;

  static String json(double time, String logger, String request, String log) {
    return "{\"log\":\""
        + log.replace("\"", "\\\"")
        + "\",\"namespace\":\""
        + logger
        + "\",\"level\":\"INFO\",\"time\":"
        + time
        + ",\"request\":\""
        + request
        + "\"}";
  }

  @Test
  void aFileThatSwitchesToJsonIsSlicedInBothLayouts(@TempDir Path dir) throws Exception {
    double t = 1764064860.0; // 2026-11-25 10:01:00 UTC
    Path log = dir.resolve("homeserver.log");
    Files.write(
        log,
        List.of(
            LogSlicerScopeTest.upload("10:00:00", "POST-7", ALICE, "ALICEWEB"),
            LogSlicerScopeTest.conflict("10:00:00", "POST-7"),
            "Traceback (most recent call last):",
            "  File \"x.py\", line 1, in f",
            "KeyError: 'x'",
            "some other program's line",
            LogSlicerScopeTest.access("10:00:01", "POST-7", ALICE),
            json(t, "synapse.config.logger", "sighup", "Reloaded log config"),
            json(
                t,
                "synapse.handlers.e2e_keys",
                "POST-3",
                "Adding one_time_keys for user '" + ALICE + "'"),
            json(
                t,
                "synapse.http.server",
                "POST-3",
                "SynapseError: 400 - One time key signed_curve25519:AAAA already exists."),
            json(
                t,
                "synapse.http.server",
                "POST-4",
                "SynapseError: 400 - One time key signed_curve25519:BBBB already exists.")));
    StringWriter out = new StringWriter();
    LogSlicer.FileSlice slice =
        LogSlicerScopeTest.alicesSlicer(
                () -> LayoutDetector.any(ZoneOffset.UTC, Clock.systemUTC(), 16_384),
                l -> l.contains(ALICE))
            .slice(log, out);
    List<String> kept = out.toString().lines().toList();
    assertThat(kept)
        .hasSize(8)
        .contains("KeyError: 'x'")
        .doesNotContain("some other program's line");
    assertThat(kept.get(7)).contains("AAAA already exists", "\"request\":\"POST-3\"");
    assertThat(out.toString()).doesNotContain("BBBB", "sighup");
    assertThat(slice.linesRead()).isEqualTo(11);
  }
}
