package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.e2ee.exporter.testing.Commands;
import dev.e2ee.exporter.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a replay costs grows with the lines read, not with the time between them: four lines from
 * 2019 to 2026 once took 8 s and 700 MB, and with {@code --openmetrics} stopped at the sample cap,
 * because every 15 s step of the seven years was run and sampled. Measured deterministically: by
 * the number of sampled instants, never by the machine's speed.
 */
class ReplaySpanTest {
  private static final List<String> STAMPS =
      List.of(
          "2019-06-03 10:00:00,000",
          "2021-02-14 08:30:00,000",
          "2024-09-30 23:59:59,000",
          "2026-12-05 10:00:00,000");

  private static Path sparseLog(Path dir) throws Exception {
    Path log = dir.resolve("homeserver.log");
    StringBuilder b = new StringBuilder();
    int n = 1;
    for (String stamp : STAMPS) {
      b.append(stamp)
          .append(" - synapse.access.http.8008 - 461 - INFO - GET-")
          .append(n++)
          .append(" - 127.0.0.1 - 8008 - {@u:hs} Processed request: 0.001sec/0.000sec")
          .append(" ru=(0.000sec, 0.000sec) db=(0.000sec/0.000sec/0) 2B 200")
          .append(" \"GET /_matrix/client/versions HTTP/1.1\" \"curl/8.0\" [0 dbevts]\n");
    }
    Files.writeString(log, b);
    return log;
  }

  @Test
  void fourLinesYearsApartAreSampledAroundTheirRecordsOnly(@TempDir Path dir) throws Exception {
    Path om = dir.resolve("sparse.om");
    Path json = dir.resolve("sparse.json");
    Commands.Outcome o =
        Commands.run(
            "replay",
            "--openmetrics",
            om.toString(),
            "--json",
            json.toString(),
            sparseLog(dir).toString());
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.err()).doesNotContain("backfill stopped");
    List<String> samples =
        Files.readString(om)
            .lines()
            .filter(
                l ->
                    l.startsWith("synapse_e2ee_http_requests_total{")
                        && l.contains("endpoint=\"other\""))
            .toList();
    long instants =
        samples.stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).distinct().count();
    // Each record: the steps of the idle tail after it (an hour or so at 15 s), and the step
    // before the next record. Seven years at 15 s would be 15 million.
    assertThat(instants).isBetween(4L, 4L * (Replay.IDLE_TAIL_MIN.toSeconds() / 15 + 4));
    List<Double> values =
        samples.stream()
            .map(l -> l.split(" "))
            .map(f -> Double.parseDouble(f[f.length - 2]))
            .toList();
    assertThat(values).isSorted();
    assertThat(values.get(values.size() - 1)).isEqualTo(4.0);
    JsonNode r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
    assertThat(r.get("records").asLong()).isEqualTo(4);
    assertThat(r.at("/requests/other/200").asLong()).isEqualTo(4);
  }

  @Test
  void withoutABackfillOnlyTheBoundariesAtTheRecordsAreRun(@TempDir Path dir) throws Exception {
    Replay replay =
        new Replay(
            TestConfigs.noSources(),
            new ReplayOptions(null, null, Duration.ofSeconds(15), false, Map.of()),
            Progress.NONE);
    ReplayRun run = replay.run(List.of(sparseLog(dir).toString()));
    assertThat(run.lines()).isEqualTo(4);
    // One boundary at each record and one after the last: no sample is kept, so no tail.
    assertThat(replay.boundariesRun()).isLessThanOrEqualTo(2L * STAMPS.size());
  }
}
