package dev.e2ee.exporter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.log.parse.RecordParser;
import dev.e2ee.exporter.log.parse.TextRecordParser;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture for one user holds only that user: request ids repeat after a restart and across
 * workers, so a line joins the user's request only in the same worker and within the join window -
 * and a line naming another user is never taken for a mention.
 */
class LogSlicerScopeTest {
  static final String ALICE = "@alice:example.org";

  /** A slicer of ALICE's lines at any time, key material masked and other users pseudonymized. */
  static LogSlicer alicesSlicer(Supplier<RecordParser> parsers, Predicate<String> mentionsAlice) {
    return new LogSlicer(
        parsers, ALICE, mentionsAlice, null, null, false, new OtherIdentities(ALICE));
  }

  static final String BOB = "@bob:example.org";

  static String line(String time, String logger, String request, String message) {
    return "2026-11-25 " + time + ",000 - " + logger + " - 1 - INFO - " + request + " - " + message;
  }

  static String upload(String time, String request, String user, String device) {
    return line(
        time,
        "synapse.handlers.e2e_keys",
        request,
        "Adding one_time_keys dict_keys(['signed_curve25519:AAAA'])"
            + " for device '"
            + device
            + "' for user '"
            + user
            + "' at 1764064800000");
  }

  static String conflict(String time, String request) {
    return line(
        time,
        "synapse.http.server",
        request,
        "<SynapseRequest at 0x7f method='POST' uri='/_matrix/client/v3/keys/upload'"
            + " clientproto='HTTP/1.1' site='8008'> SynapseError: 400 - One time key signed_curve25519:AAAA already exists."
            + " Old key: {\"key\":\"a\"}; new key: {'key': 'b'}");
  }

  static String access(String time, String request, String user) {
    return line(
        time,
        "synapse.access.http.8008",
        request,
        "::1 - 8008 - {"
            + user
            + "} Processed request: 0.010sec/0.001sec"
            + " ru=(0.001sec, 0.001sec) db=(0.000sec/0.002sec/1) 63B 400 \"POST /_matrix/client/v3/keys/upload HTTP/1.1\" \"x\" [0 dbevts]");
  }

  @Test
  void requestIdsReusedAfterARestartDoNotPullInOtherUsers(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("homeserver.log");
    Files.write(
        log,
        List.of(
            // Before the restart: Alice's rejected upload, request POST-7.
            upload("10:00:00", "POST-7", ALICE, "ALICEWEB"),
            conflict("10:00:00", "POST-7"),
            access("10:00:01", "POST-7", ALICE),
            // After the restart an hour later the counter starts again: POST-7 is Bob's now.
            line("11:00:00", "synapse.storage.SQL", "sentinel", "Preparing for databases"),
            upload("11:00:05", "POST-7", BOB, "ALICEWEB"), // Bob's device happens to share the id
            conflict("11:00:05", "POST-7"),
            access("11:00:06", "POST-7", BOB),
            // A worker counts its own requests: same id, same minute, another worker.
            "worker2 | " + access("10:00:01", "POST-7", BOB)));
    StringWriter out = new StringWriter();
    LogSlicer slicer =
        alicesSlicer(
            () -> new TextRecordParser(ZoneOffset.UTC),
            l -> l.contains(ALICE) || l.contains("ALICEWEB"));
    LogSlicer.FileSlice slice = slicer.slice(log, out);
    List<String> kept = out.toString().lines().toList();
    assertThat(kept).hasSize(3);
    assertThat(kept.get(1)).contains("already exists").contains("10:00:00");
    assertThat(out.toString()).doesNotContain(BOB).doesNotContain("11:00:0");
    assertThat(slice.linesKept()).isEqualTo(3);
  }

  @Test
  void anAlertBundleReplacesEveryOtherUsersId(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("homeserver.log");
    Files.write(
        log,
        List.of(
            line(
                "10:00:00",
                "synapse.handlers.e2e_keys",
                "POST-9",
                "Claimed one-time-keys: signed_curve25519:AAAA for "
                    + BOB
                    + ":LAPTOP, signed_curve25519:AAAB for "
                    + ALICE
                    + ":ALICEWEB"),
            access("10:00:01", "POST-9", BOB)));
    StringWriter out = new StringWriter();
    alicesSlicer(() -> new TextRecordParser(ZoneOffset.UTC), l -> l.contains(ALICE))
        .slice(log, out);
    assertThat(out.toString())
        .contains(ALICE + ":ALICEWEB", "<other user 1>:<their device>")
        .doesNotContain(BOB)
        .doesNotContain("LAPTOP");
    assertThat(out.toString().lines()).hasSize(2);
  }
}
