package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The corpus is the yardstick of every comparison in docs/benchmarks.md: for a seed it must stay
 * the same bytes, whatever is refactored in how it is generated.
 */
class SynapseLogCorpusTest {
  @Test
  void theSeedOneCorpusIsTheSameBytesAsWhenTheBenchmarksWereMeasured() throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    // The first 20,000 lines of the 1M-line file of docs/benchmarks.md (whole file:
    // 3e735b877aa41f5d1c24fcdce7fc2844de4487c359b5d82c1534e2e5faf9e615).
    SynapseLogCorpus.generate(
        20_000, 1, line -> sha256.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
    assertThat(HexFormat.of().formatHex(sha256.digest()))
        .isEqualTo("8a1b411a61b38dc39a8535c744bafafb291a3959a4be49fe473d58a605b46e2f");
  }

  @Test
  void givesExactlyTheLinesAskedForEvenInsideAMultiLineRequest() {
    for (int count : new int[] {0, 1, 2, 3, 997, 1000}) {
      assertThat(SynapseLogCorpus.lines(count, 7)).hasSize(count);
    }
  }

  @Test
  void mixesTheKindsOfLinesTheDocsDescribe() {
    List<String> lines = SynapseLogCorpus.lines(10_000, 1);
    assertThat(lines).anyMatch(l -> l.contains("\"GET /_matrix/client/v3/sync?filter="));
    assertThat(lines).anyMatch(l -> l.contains("/_matrix/federation/v1/send/"));
    assertThat(lines).anyMatch(l -> l.contains("/sendToDevice/io.element.call.encryption_keys/"));
    assertThat(lines)
        .anyMatch(l -> l.contains(" 499! \"POST /_matrix/client/unstable/org.matrix.msc4140/"));
    assertThat(lines).anyMatch(l -> l.contains("SynapseError: 400 - One time key"));
    assertThat(lines).contains("Traceback (most recent call last):");
  }
}
