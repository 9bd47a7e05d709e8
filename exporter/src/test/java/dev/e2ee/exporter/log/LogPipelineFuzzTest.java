package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.Scrape;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property tests with fixed seeds: whatever the input - random bytes, real lines cut at random
 * places, huge lines, shuffled join order - no exception escapes, every line is accounted for
 * exactly once, and every KE-1 request is counted exactly once.
 */
class LogPipelineFuzzTest {
  static final List<String> REAL = ProgramHarness.resourceLines("homeserver-text.log");

  static String garbage(Random random) {
    int kind = random.nextInt(4);
    if (kind == 0) {
      byte[] bytes = new byte[random.nextInt(300)];
      random.nextBytes(bytes);
      return new String(bytes, StandardCharsets.UTF_8).replace("\n", "").replace("\r", "");
    }
    if (kind == 1) {
      String real = REAL.get(random.nextInt(REAL.size()));
      return real.substring(0, random.nextInt(real.length() + 1));
    }
    if (kind == 2) {
      return "2026-11-25 10:00:0"
          + random.nextInt(10)
          + ",000 - "
          + "x - ".repeat(random.nextInt(6))
          + "y".repeat(random.nextInt(100_000));
    }
    String real = REAL.get(random.nextInt(REAL.size()));
    StringBuilder mutated = new StringBuilder(real);
    for (int i = 0; i < 3 && mutated.length() > 0; i++) {
      mutated.setCharAt(random.nextInt(mutated.length()), (char) random.nextInt(128));
    }
    return mutated.toString().replace("\n", "");
  }

  static double sum(Scrape scrape, String prefix) {
    return scrape
        .text()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234})
  void everyLineIsAccountedForExactlyOnce(long seed) {
    Random random = new Random(seed);
    ProgramHarness h = new ProgramHarness();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      lines.add(random.nextInt(3) == 0 ? REAL.get(random.nextInt(REAL.size())) : garbage(random));
    }
    h.feed("fuzz.log", lines);
    Scrape scrape = h.settle();
    double records = scrape.valueOrFail("synapse_e2ee_log_records_total{file=\"fuzz.log\"}");
    double skipped = sum(scrape, "synapse_e2ee_log_lines_skipped_total{file=\"fuzz.log\"");
    assertThat(records + skipped).isEqualTo(lines.size());
    assertThat(records).isGreaterThan(0);
  }

  @ParameterizedTest
  @ValueSource(longs = {7, 8, 9, 10, 11})
  void shuffledKeyUploadJoinsCountEachRequestOnce(long seed) {
    Random random = new Random(seed);
    ProgramHarness h = new ProgramHarness();
    List<String> lines = new ArrayList<>();
    int requests = 400;
    for (int r = 0; r < requests; r++) {
      String req = "POST-" + (1000 + r);
      String device = "DEV" + random.nextInt(20);
      String ts =
          "2026-11-25 10:00:0"
              + random.nextInt(10)
              + ","
              + String.format("%03d", random.nextInt(1000));
      List<String> triple =
          new ArrayList<>(
              List.of(
                  ts
                      + " - synapse.handlers.e2e_keys - 145 - INFO - "
                      + req
                      + " - Adding one_time_keys dict_keys(['signed_curve25519:K"
                      + r
                      + "']) for device '"
                      + device
                      + "' for user '@u"
                      + (r % 7)
                      + ":example.org' at 1764064802000",
                  ts
                      + " - synapse.http.server - 130 - INFO - "
                      + req
                      + " - <SynapseRequest at 0x1 method='POST' uri='/_matrix/client/v3/keys/upload' clientproto='HTTP/1.1' site='8008'> SynapseError: 400 - One time key signed_curve25519:K"
                      + r
                      + " already exists. Old key: {\"key\":\"a\",\"signatures\":{}}; new key: {'key': 'b', 'signatures': {}}",
                  ts
                      + " - synapse.access.http.8008 - 461 - INFO - "
                      + req
                      + " - ::1 - 8008 - {@u"
                      + (r % 7)
                      + ":example.org} Processed request: 0.010sec/0.001sec ru=(0.001sec, 0.001sec) db=(0.000sec/0.002sec/1) 63B 400 \"POST /_matrix/client/v3/keys/upload HTTP/1.1\" \"x\" [0 dbevts]"));
      Collections.shuffle(triple, random);
      lines.addAll(triple);
    }
    // Interleave requests too: swap nearby lines (within what a log buffer flush could reorder).
    for (int i = 0; i < lines.size() * 2; i++) {
      int a = random.nextInt(lines.size());
      int b = Math.min(lines.size() - 1, a + random.nextInt(12));
      Collections.swap(lines, a, b);
    }
    for (int i = 0; i < 500; i++) {
      String g = garbage(random);
      // Garbage must not complete or invent a key-upload record of its own.
      if (!g.contains("keys/upload") && !g.contains("e2e_keys") && !g.contains("One time key")) {
        lines.add(random.nextInt(lines.size()), g);
      }
    }
    h.feed("shuffled.log", lines);
    Scrape scrape = h.settle();
    assertThat(sum(scrape, "synapse_e2ee_otk_conflicts_total{")).isEqualTo(requests);
    assertThat(sum(scrape, "synapse_e2ee_key_uploads_total{")).isEqualTo(requests);
    assertThat(sum(scrape, "synapse_e2ee_key_uploads_total{device=\"unknown\"")).isZero();
    assertThat(h.program.conflictingDevices().recent()).hasSize(200);
  }

  @ParameterizedTest
  @ValueSource(longs = {5, 6})
  void randomBytesThroughTheTailerGiveOneLinePerNewline(long seed, @TempDir Path dir)
      throws Exception {
    Random random = new Random(seed);
    byte[] data = new byte[2_000_000];
    random.nextBytes(data);
    long newlines = 0;
    for (byte b : data) {
      newlines += b == '\n' ? 1 : 0;
    }
    Path log = dir.resolve("random.log");
    Files.write(log, data);
    FileTailerTest.Recorder events = new FileTailerTest.Recorder();
    FileTailer tailer = new FileTailer(log, false, 4096);
    tailer.poll(events);
    assertThat(events.lines).hasSize((int) newlines);
    assertThat(events.bytes).isEqualTo(data.length);
    ProgramHarness h = new ProgramHarness();
    h.feed("random.log", events.lines);
    Scrape scrape = h.settle();
    double records = scrape.value("synapse_e2ee_log_records_total{file=\"random.log\"}").orElse(0);
    assertThat(records + sum(scrape, "synapse_e2ee_log_lines_skipped_total{file=\"random.log\""))
        .isEqualTo((double) newlines);
  }
}
