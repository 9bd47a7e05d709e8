package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.diagnosis.Verdict;
import org.junit.jupiter.api.Test;

class VerdictJsonTest {
  @Test
  void aVerdictOpensWithWhoWhichQuestionTheAnswerAndItsEvidenceInThatOrder() {
    assertThat(
            VerdictJson.of("@a:example.org", "DEV", Verdict.DIVERGENCE, "3 uploads rejected")
                .encode())
        .isEqualTo(
            "{\"user\":\"@a:example.org\",\"device\":\"DEV\",\"question\":\"q1\","
                + "\"verdict\":\"divergence\",\"evidence\":\"3 uploads rejected\"}");
  }
}
