package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.e2ee.exporter.testing.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay that read no record has observed nothing: it says so instead of "none". */
class ReplayNoRecordsTest {
  @Test
  void aReportFromZeroRecordsCannotAnswer(@TempDir Path dir) throws Exception {
    // The wrong file: a reverse proxy's access log, no Synapse record in it.
    Path log = dir.resolve("access.log");
    Files.writeString(
        log,
        "127.0.0.1 - - [05/Dec/2026:10:00:00 +0000] \"POST /_matrix/client/v3/keys/upload"
            + " HTTP/1.1\" 400 63 \"-\" \"Element/1.11.0\"\n"
            + "127.0.0.1 - - [05/Dec/2026:10:00:01 +0000] \"GET /_matrix/client/v3/sync"
            + " HTTP/1.1\" 200 1234 \"-\" \"Element/1.11.0\"\n");
    Path md = dir.resolve("report.md");
    Path json = dir.resolve("report.json");
    Commands.Outcome o =
        Commands.run(
            "replay", "--report", md.toString(), "--json", json.toString(), log.toString());
    assertThat(o.exit()).as(o.err()).isZero();
    String report = Files.readString(md);
    assertThat(report)
        .contains("cannot answer from 0 records")
        .doesNotContain("no key upload was rejected")
        .doesNotContain("KE-4 did not happen");
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    assertThat(r.get("records").asLong()).isZero();
    assertThat(r.get("answer").asText()).startsWith("cannot answer from 0 records");
    assertThat(r.at("/q4/verdict").asText()).isEqualTo("unknown");
  }

  @Test
  void aReportWithRecordsAnswers(@TempDir Path dir) throws Exception {
    JsonNode r = ReplayCommandTest.replay(dir, ReplayCommandTest.oneFile(dir).toString());
    assertThat(r.get("answer").isNull()).isTrue();
    assertThat(r.at("/q4/verdict").asText()).isNotEqualTo("unknown");
  }
}
