package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.PasswordHash;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The prompt logic of {@code hash-password} with typed answers (the terminal path). */
class HashPasswordCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<String> prompts = new ArrayList<>();

  private int typed(boolean confirm, String... answers) throws Exception {
    Deque<String> queue = new ArrayDeque<>(List.of(answers));
    return HashPasswordCommand.hash(
        prompt -> {
          prompts.add(prompt);
          String next = queue.poll();
          return next == null ? null : next.toCharArray();
        },
        confirm,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void atATerminalTheSamePasswordTwiceGivesItsHash() throws Exception {
    assertThat(typed(true, "a long password", "a long password")).isZero();
    assertThat(prompts).containsExactly("Password: ", "Repeat the password: ");
    String hash = out.toString(StandardCharsets.UTF_8).strip();
    assertThat(PasswordHash.verify("a long password".toCharArray(), hash)).isTrue();
  }

  @Test
  void twoDifferentPasswordsPrintNoHash() throws Exception {
    assertThat(typed(true, "a long password", "a long passwrod")).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("the two passwords differ; no hash was printed");
    assertThat(typed(true, "a long password")).as("end of input at the second prompt").isEqualTo(2);
  }

  @Test
  void fromStandardInputOneLineIsEnough() throws Exception {
    assertThat(typed(false, "a long password")).isZero();
    assertThat(prompts).hasSize(1);
    assertThat(typed(false, "short")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("at least 8 characters");
  }
}
