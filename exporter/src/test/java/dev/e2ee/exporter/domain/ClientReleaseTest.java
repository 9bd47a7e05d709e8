package dev.e2ee.exporter.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Every real agent of the fixture gives its family and version; hostile agents stay bounded. */
class ClientReleaseTest {

  static List<String[]> fixture() throws IOException {
    try (InputStream in =
        Objects.requireNonNull(ClientReleaseTest.class.getResourceAsStream("client-agents.tsv"))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> l.split("\t", -1))
          .toList();
    }
  }

  @Test
  void everyRealAgentGivesItsFamilyAndVersion() throws IOException {
    List<String[]> rows = fixture();
    assertThat(rows).hasSizeGreaterThanOrEqualTo(18);
    for (String[] row : rows) {
      assertThat(ClientRelease.of(row[0]))
          .as("%s (%s)", row[0], row[3])
          .isEqualTo(new ClientRelease(row[1], row[2]));
    }
  }

  @Test
  void anAgentAsSynapseQuotesItOrCutsItIsStillRecognisedOrOther() {
    // devices.user_agent holds the agent verbatim; a log line may be cut at max_line_bytes.
    assertThat(ClientRelease.of("  Element/1.6.6 (samsung SM-S916B; Android 13; TP1A"))
        .isEqualTo(new ClientRelease("Element Android", "1.6.6"));
    assertThat(ClientRelease.of("Element/1.6.6 (samsung SM-S9")).isEqualTo(ClientRelease.UNKNOWN);
    assertThat(ClientRelease.of("Element X/26.04.1")).isEqualTo(ClientRelease.UNKNOWN);
    assertThat(ClientRelease.of(null)).isEqualTo(ClientRelease.UNKNOWN);
    assertThat(ClientRelease.of("")).isEqualTo(ClientRelease.UNKNOWN);
  }

  @Test
  void aHostileAgentNeverReachesALabel() {
    assertThat(ClientRelease.of("Synapse/" + "9".repeat(200)))
        .isEqualTo(new ClientRelease("Synapse", ""));
    assertThat(ClientRelease.of("Synapse/1.0\"} evil{x=\""))
        .isEqualTo(new ClientRelease("Synapse", ""));
    assertThat(ClientRelease.of("Element/1.2.3\u0000 (x; Android 13)"))
        .isEqualTo(new ClientRelease("Element Android", ""));
    assertThat(ClientRelease.of("MyBot/1.0 (+https://example.org)"))
        .isEqualTo(ClientRelease.UNKNOWN);
  }
}
