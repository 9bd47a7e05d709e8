package dev.e2ee.compat.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.e2ee.compat.client.Http;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksTest {
  @Test
  void comparesNumbersAsNumbersAndKeepsEveryResult(@TempDir Path dir) throws Exception {
    Checks checks = new Checks();
    checks.equal("a", "#26.1", "claims", 3, 3L);
    checks.equal("b", "figure", "conflicts", 40, 39.0);
    checks.that("c", "#26.9", "honest", false, "healthy | 0 unclaimed keys");
    assertThat(checks.failures()).isEqualTo(2);

    ByteArrayOutputStream text = new ByteArrayOutputStream();
    checks.print(new PrintStream(text, true, StandardCharsets.UTF_8));
    assertThat(text.toString(StandardCharsets.UTF_8))
        .contains("PASS a")
        .contains("FAIL b")
        .contains("expected: 40")
        .contains("actual:   39.0")
        .contains("3 checks, 2 failed")
        .contains("#26.1   holds (1 passed, 0 failed)")
        .contains("#26.9   FAILS (0 passed, 1 failed)");

    checks.write(dir.resolve("checks.json"));
    JsonNode json = Http.JSON.readTree(dir.resolve("checks.json").toFile());
    assertThat(json).hasSize(3);
    assertThat(json.get(2).path("item").asText()).isEqualTo("#26.9");
    assertThat(json.get(2).path("pass").asBoolean()).isFalse();
  }

  @Test
  void secretsAreFoundWithoutBeingNamed() {
    assertThat(
            Secrets.found("a token syt_abc in the page", java.util.List.of("syt_abc", "", "zzz")))
        .isEqualTo(1);
  }
}
