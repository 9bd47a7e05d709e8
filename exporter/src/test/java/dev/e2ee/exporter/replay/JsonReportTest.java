package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The report for tools: the keys docs/replay-and-backfill.md documents, times in ISO-8601 UTC,
 * seconds rounded to the millisecond, and null (never a number) for what is unknown.
 */
class JsonReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Q4.Answer NO_Q4 = Q4.answer(List.of());

  @TempDir Path dir;

  private static String json(IncidentReport report) throws Exception {
    StringWriter out = new StringWriter();
    JsonReport.write(report, out);
    return out.toString();
  }

  private static IncidentReport withDelayedSeconds(double p50, double p99) {
    return Replays.report(
        1,
        new IncidentReport.Ke1(List.of(), 0),
        new IncidentReport.Ke4(Map.of("restart", Map.of("200", 1L)), 0, p50, p99),
        NO_Q4,
        List.of());
  }

  @Test
  void theIncidentLogsReportCarriesItsAnswers() throws Exception {
    JsonNode r = JSON.readTree(json(Replays.report(Replays.incident(dir))));

    assertThat(r.path("format_version").asInt()).isEqualTo(JsonReport.FORMAT_VERSION);
    assertThat(r.path("answer").isNull()).isTrue();
    assertThat(r.at("/inputs/first_record").asText()).isEqualTo("2026-11-25T21:00:00.100Z");
    assertThat(r.at("/inputs/from").isNull()).isTrue();
    assertThat(r.at("/inputs/files/0/layout").asText()).isEqualTo("text");
    assertThat(r.at("/requests/keys_upload/400").asLong()).isEqualTo(IncidentLog.CONFLICTS);
    JsonNode storm = r.at("/ke1/devices/0");
    assertThat(storm.path("device").asText()).isEqualTo(IncidentLog.STORM_DEVICE);
    assertThat(storm.path("conflicts").asLong()).isEqualTo(IncidentLog.CONFLICTS);
    assertThat(storm.path("first_conflict").asText()).isEqualTo("2026-11-25T21:01:00Z");
    assertThat(storm.path("key_ids").get(0).asText())
        .isEqualTo("signed_curve25519:" + IncidentLog.KEY_ID);
    assertThat(storm.path("values_differ").asText()).isEqualTo("yes");
    assertThat(r.at("/ke2/call_encryption_keys/429").asLong()).isEqualTo(2);
    assertThat(r.at("/ke2/minutes")).hasSize(10);
    assertThat(r.at("/ke4/delayed_events/disconnects").asLong()).isEqualTo(IncidentLog.DISCONNECTS);
    assertThat(r.at("/q4/verdict").asText()).isEqualTo("mixed");
    assertThat(r.at("/q4/threshold_seconds").asDouble()).isEqualTo(2.0);
    assertThat(r.at("/q4/rows")).hasSize(3);
    assertThat(r.at("/q4/rows/0/minute").asText()).isEqualTo("2026-11-25T21:02:00Z");
    assertThat(r.at("/q4/rows/0/disconnects").asLong()).isEqualTo(2);
    assertThat(r.at("/q4/rows/0/loaded").asBoolean()).isFalse();
    assertThat(r.at("/q4/rows/1/loaded").asBoolean()).isTrue();
    assertThat(r.at("/q4/rows/1/homeserver_p99_seconds").asDouble()).isEqualTo(3.5);
    assertThat(r.path("errors")).isEmpty();
  }

  @ParameterizedTest(name = "{0} s is written {1}")
  @CsvSource(
      nullValues = "null",
      value = {
        "0.0125, 0.013",
        "0.0124, 0.012",
        "2.0, 2.000",
        "1234.5678, 1234.568",
        "0.0, 0.000",
        "NaN, null"
      })
  void secondsAreRoundedToTheMillisecondAndUnknownIsNull(double seconds, String written)
      throws Exception {
    String text = json(withDelayedSeconds(seconds, 0.5));
    assertThat(text).contains("\"p50_seconds\" : " + written + ",");
    assertThat(text).contains("\"p99_seconds\" : 0.500\n");
  }

  @Test
  void aReportOfNoRecordAnswersNothing() throws Exception {
    IncidentReport none =
        Replays.report(
            0,
            new IncidentReport.Ke1(List.of(), 0),
            new IncidentReport.Ke4(Map.of(), 0, Double.NaN, Double.NaN),
            NO_Q4,
            List.of("homeserver.log: cannot be read: gone"));
    JsonNode r = JSON.readTree(json(none));

    assertThat(r.path("answer").asText()).isEqualTo(IncidentReport.CANNOT_ANSWER);
    assertThat(r.at("/q4/verdict").asText()).isEqualTo("unknown");
    assertThat(r.at("/q4/explanation").asText()).isEqualTo(IncidentReport.CANNOT_ANSWER);
    assertThat(r.at("/inputs/first_record").isNull()).isTrue();
    assertThat(r.at("/ke4/delayed_events/p99_seconds").isNull()).isTrue();
    assertThat(r.path("errors").get(0).asText()).isEqualTo("homeserver.log: cannot be read: gone");
    assertThat(r.path("database").asText()).isEqualTo("Not asked.");
  }
}
