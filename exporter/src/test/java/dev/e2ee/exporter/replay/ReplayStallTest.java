package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Q4 over a frozen homeserver, as a real Synapse 1.160 logged one: a 29 s SIGSTOP while Element
 * Call clients restarted their delayed events. Nothing is logged while the process is stopped; then
 * the restarts that waited finish at once, abandoned, with the handler's status ({@code 200!}, not
 * {@code 499!}) and a processing time of {@code 0.017sec/-0.008sec}: the time blocked is not in it.
 * The homeserver's p99 stays low, so only the silence tells load from the client's retry logic.
 */
class ReplayStallTest {
  static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS").withZone(ZoneOffset.UTC);
  static final Instant START = Instant.parse("2026-12-05T21:00:00Z");
  static final String DELAYED =
      "/_matrix/client/unstable/org.matrix.msc4140/delayed_events/syd_bTqzXwJkLpRaNcVeHgYu";

  int request = 1;

  String access(long offsetMillis, String method, String uri, String status, String times) {
    int n = request++;
    return ASCTIME.format(START.plusMillis(offsetMillis))
        + " - synapse.access.http.8008 - 521 - INFO - "
        + method
        + "-"
        + n
        + " - 127.0.0.1 - 8008 - {@alice:hs} Processed request: "
        + times
        + " ru=(0.004sec, 0.000sec) db=(0.000sec/0.000sec/0) 0B "
        + status
        + " \""
        + method
        + " "
        + uri
        + " HTTP/1.1\" \"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Element/1.11.85 Chrome/134.0.6998.205 Electron/35.1.5 Safari/537.36\" [0 dbevts]";
  }

  /** Requests every second, a restart every 5 s; frozen: nothing logged from 0:30 to 0:59. */
  List<String> log(boolean frozen) {
    List<String> lines = new ArrayList<>();
    for (long t = 0; t < 120_000; t += 1000) {
      if (frozen && t >= 30_000 && t < 59_000) {
        continue; // SIGSTOP: the process logs nothing
      }
      lines.add(
          access(t, "GET", "/_matrix/client/v3/rooms/!r:hs/messages", "200", "0.050sec/0.001sec"));
      if (t % 5000 == 0) {
        lines.add(access(t + 100, "POST", DELAYED, "200", "0.010sec/0.001sec"));
      }
      if (t == 59_000) {
        // SIGCONT: the restarts that waited finish now; their clients are gone.
        for (int i = 0; i < 3; i++) {
          lines.add(access(t + 200 + i * 10L, "POST", DELAYED, "200!", "0.017sec/-0.008sec"));
        }
      }
    }
    return lines;
  }

  JsonNode replay(Path dir, List<String> lines) throws Exception {
    Path file = Files.write(dir.resolve("homeserver.log"), lines);
    return ReplayCommandTest.replay(dir, "--server-name", "hs", file.toString());
  }

  @Test
  void aSilenceFollowedByAbandonedRequestsIsAStallSoQ4ReadsHomeserverLoad(@TempDir Path dir)
      throws Exception {
    JsonNode r = replay(dir, log(true));
    JsonNode q4 = r.get("q4");
    assertThat(q4.get("verdict").asText()).isEqualTo("homeserver_load");
    assertThat(q4.get("trouble_minutes").asLong()).isEqualTo(1);
    JsonNode minute = q4.at("/rows/0");
    assertThat(minute.get("disconnects").asLong()).isEqualTo(3);
    assertThat(minute.get("homeserver_p99_seconds").asDouble())
        .as("Synapse's processing time leaves the frozen time out")
        .isLessThan(Q4.LOAD_THRESHOLD_SECONDS);
    assertThat(minute.get("stall_seconds").asDouble()).isEqualTo(30.0);
    assertThat(minute.get("loaded").asBoolean()).isTrue();
    assertThat(r.at("/ke4/delayed_events/disconnects").asLong()).isEqualTo(3);
  }

  @Test
  void theSameAbandonedRequestsWithoutASilenceAreTheClientsRetry(@TempDir Path dir)
      throws Exception {
    List<String> lines = log(false);
    JsonNode q4 = replay(dir, lines).get("q4");
    assertThat(q4.get("verdict").asText()).isEqualTo("client_retry");
    assertThat(q4.at("/rows/0/stall_seconds").asDouble()).isZero();
  }
}
