package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NewlinesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          none                                  | abcdefghijklmnopqrstuvwxyz   | 0  | 26 | -1
          first byte                            | \\nbcdefghijklmnop            | 0  | 17 | 0
          last byte of the first word           | abcdefg\\nijklmnop            | 0  | 17 | 7
          first byte of the second word         | abcdefgh\\njklmnop            | 0  | 17 | 8
          in the tail shorter than a word       | abcdefghijk\\nm               | 0  | 14 | 11
          two: the first one wins               | abc\\nefg\\nijk               | 0  | 11 | 3
          from skips what is before             | abc\\nefg\\nijk               | 4  | 11 | 7
          to stops short of it                  | abcdefghij\\nlm               | 0  | 10 | -1
          from inside a word, not aligned       | ab\\ndefghijklmnopqrs\\nuv    | 3  | 22 | 19
          an empty range                        | \\n                           | 0  | 0  | -1
          """)
  void findsTheFirstNewlineInTheRange(String what, String text, int from, int to, int expected) {
    byte[] bytes = text.replace("\\n", "\n").getBytes(StandardCharsets.US_ASCII);
    assertThat(Newlines.next(bytes, from, to)).isEqualTo(expected);
  }

  @Test
  void bytesThatDifferFromANewlineByOneBitAreNotNewlines() {
    // 0x0B, 0x08, 0x8A, 0x0E, 0x1A, 0x4A, 0x2A: one bit from 0x0A each; 0x09 and 0x0B borrow.
    byte[] near = {0x0B, 0x08, (byte) 0x8A, 0x0E, 0x1A, 0x4A, 0x2A, 0x09, 0x0B, 0x00, (byte) 0xFF};
    assertThat(Newlines.next(near, 0, near.length)).isEqualTo(-1);
  }

  @Test
  void agreesWithAPlainLoopOnRandomBytes() {
    Random random = new Random(7);
    for (int round = 0; round < 5_000; round++) {
      byte[] data = new byte[random.nextInt(64)];
      for (int i = 0; i < data.length; i++) {
        // Mostly 0x09-0x0B and high bytes, where a word-wide test could go wrong.
        data[i] =
            (byte)
                (random.nextInt(4) == 0
                    ? 0x0A
                    : 0x09 + random.nextInt(3) - 128 * random.nextInt(2));
      }
      int from = data.length == 0 ? 0 : random.nextInt(data.length);
      int to = from + random.nextInt(data.length - from + 1);
      assertThat(Newlines.next(data, from, to))
          .as("round %d", round)
          .isEqualTo(plain(data, from, to));
    }
  }

  private static int plain(byte[] data, int from, int to) {
    for (int i = from; i < to; i++) {
      if (data[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
