package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bytes of the Synapse 1.160.0 log (replay/real-synapse/homeserver.log) as reads hand them over,
 * cut anywhere, become its lines: whole, in order, each once, with cut and invalid lines marked.
 */
class LineAssemblerTest {
  static final String BANNER =
      "2026-12-06 06:54:57,562 - synapse.config.logger - 377 - WARNING - main - ***** STARTING"
          + " SERVER *****";
  static final String VALIDATION = "one_time_keys.signed_curve25519:AAAAZZ.str";

  /** A real access line, its user agent given a non-ASCII letter to cut a character in two. */
  static final String AGENT_LINE =
      "2026-12-06 06:55:43,554 - synapse.access.http.18108 - 643 - INFO - POST-35 - 127.0.0.1 -"
          + " 18108 - {@alice:compat.test} Processed request: 0.002sec/0.000sec \"Element/1.11.0 é\"";

  /** What the listener heard: each line, marked [cut] or [invalid] when so. */
  static final class Heard implements LineAssembler.Listener {
    final List<String> lines = new ArrayList<>();

    @Override
    public void line(String line, boolean cut, boolean invalidUtf8) {
      lines.add(line + (cut ? " [cut]" : "") + (invalidUtf8 ? " [invalid]" : ""));
    }
  }

  static Stream<Arguments> chunkSizes() {
    return Stream.of(arguments(1), arguments(2), arguments(7), arguments(64), arguments(1 << 16));
  }

  @ParameterizedTest(name = "reads of {0} bytes")
  @MethodSource("chunkSizes")
  void linesAreWholeWhereverTheReadsCutThem(int chunk) {
    byte[] bytes =
        (BANNER + "\n" + VALIDATION + "\r\n" + AGENT_LINE + "\n" + "half")
            .getBytes(StandardCharsets.UTF_8);
    LineAssembler assembler = new LineAssembler(1 << 20);
    Heard heard = new Heard();
    for (int at = 0; at < bytes.length; at += chunk) {
      assembler.feed(bytes, at, Math.min(chunk, bytes.length - at), heard);
    }
    assertThat(heard.lines).containsExactly(BANNER, VALIDATION, AGENT_LINE);
    assertThat(assembler.hasPartialLine()).isTrue();
    assertThat(assembler.pendingBytes()).isEqualTo(4);
    assembler.flushPartial(heard);
    assertThat(heard.lines).endsWith("half");
    assertThat(assembler.pendingBytes()).isZero();
  }

  @Test
  void aLongLineIsCutAtTheCapOnACharacterBoundaryAndTheRestDropped() {
    // The cap falls inside the two bytes of "é": the cut line ends before it, not in the middle.
    byte[] bytes = (AGENT_LINE + "\n" + BANNER + "\n").getBytes(StandardCharsets.UTF_8);
    int cap = AGENT_LINE.getBytes(StandardCharsets.UTF_8).length - 2;
    LineAssembler assembler = new LineAssembler(cap);
    Heard heard = new Heard();
    assembler.feed(bytes, 0, bytes.length, heard);
    assertThat(heard.lines)
        .containsExactly(AGENT_LINE.substring(0, AGENT_LINE.length() - 2) + " [cut]", BANNER);
  }

  @Test
  void invalidBytesAreReplacedAndMarkedButARealReplacementCharacterIsNot() {
    byte[] bad = {'k', 'e', 'y', ' ', (byte) 0xff, '\n'};
    byte[] real = "key \uFFFD\n".getBytes(StandardCharsets.UTF_8);
    LineAssembler assembler = new LineAssembler(1 << 20);
    Heard heard = new Heard();
    assembler.feed(bad, 0, bad.length, heard);
    assembler.feed(real, 0, real.length, heard);
    assertThat(heard.lines).containsExactly("key \uFFFD [invalid]", "key \uFFFD");
  }

  @Test
  void aJoinedMidwayLineIsSkippedToItsEndAndADiscardedOneIsForgotten() {
    byte[] bytes = ("rest of a line\n" + BANNER + "\n").getBytes(StandardCharsets.UTF_8);
    LineAssembler assembler = new LineAssembler(1 << 20);
    Heard heard = new Heard();
    assembler.skipToNextLine();
    assembler.feed(bytes, 0, 5, heard);
    assertThat(assembler.pendingBytes()).isEqualTo(5);
    assembler.feed(bytes, 5, bytes.length - 5, heard);
    assertThat(heard.lines).containsExactly(BANNER);
    byte[] half = "2026-12-06 06:54".getBytes(StandardCharsets.UTF_8);
    assembler.feed(half, 0, half.length, heard);
    assembler.discardPartial();
    assertThat(assembler.hasPartialLine()).isFalse();
    assembler.flushPartial(heard);
    assertThat(heard.lines).containsExactly(BANNER);
  }
}
