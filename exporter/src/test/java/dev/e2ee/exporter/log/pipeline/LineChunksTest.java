package dev.e2ee.exporter.log.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.log.LineAssembler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Lines split on the workers from chunks cut at newlines are the lines one assembler reading the
 * whole stream gives: the same text in the same order, and as many cut lines and lines with bad
 * UTF-8, whatever the read sizes.
 */
class LineChunksTest {
  private static final int CAP = 40;

  @Test
  void chunksGiveTheLinesOneAssemblerGives() {
    byte[] stream = sample(new Random(29));
    Lines expected = sequential(stream);
    assertThat(expected.text).hasSizeGreaterThan(100);
    assertThat(expected.cut).isPositive();
    assertThat(expected.invalid).isPositive();
    for (int chunkBytes : new int[] {7, 33, 64, 500, 1 << 16}) {
      for (long seed = 0; seed < 5; seed++) {
        Lines chunked = chunked(stream, chunkBytes, new Random(seed));
        String as = "chunks of " + chunkBytes + " bytes, seed " + seed;
        assertThat(chunked.text).as(as).isEqualTo(expected.text);
        assertThat(chunked.cut).as(as).isEqualTo(expected.cut);
        assertThat(chunked.invalid).as(as).isEqualTo(expected.invalid);
      }
    }
  }

  @Test
  void aLastLineWithoutNewlineIsALineAndAFailureDropsTheUnfinishedOne() {
    ParseAhead ahead = new ParseAhead(ParseWorkers.of(2, 100, 64));
    LineChunks chunks = new LineChunks(ahead);
    LineAssembler straddling = new LineAssembler(CAP);
    byte[] data = "one\ntwo\nthr".getBytes(StandardCharsets.UTF_8);
    chunks.feed(data, data.length, straddling, toAhead(ahead, "a"), "a", () -> null);
    straddling.flushPartial(toAhead(ahead, "a"));
    byte[] more = "four\nfiv".getBytes(StandardCharsets.UTF_8);
    chunks.feed(more, more.length, straddling, toAhead(ahead, "b"), "b", () -> null);
    straddling.discardPartial();
    assertThat(drain(ahead).text).containsExactly("one", "two", "thr", "four");
  }

  /** Short and long lines, cut ones, bad UTF-8, multi-byte characters at the cap, CRLF. */
  private static byte[] sample(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] pieces = {"a", "é", "€", "x".repeat(CAP), "\r", "\u00ff"};
    for (int line = 0; line < 400; line++) {
      int parts = random.nextInt(12);
      for (int p = 0; p < parts; p++) {
        out.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
        if (random.nextInt(20) == 0) {
          out.write(0xC3); // a lone lead byte: invalid UTF-8
        }
      }
      out.write('\n');
    }
    out.writeBytes("no newline at the end".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static final class Lines {
    final List<String> text = new ArrayList<>();
    int cut;
    int invalid;
  }

  private static Lines sequential(byte[] stream) {
    Lines out = new Lines();
    LineAssembler assembler = new LineAssembler(CAP);
    LineAssembler.Listener collect =
        (line, cut, bad) -> {
          out.text.add(line);
          out.cut += cut ? 1 : 0;
          out.invalid += bad ? 1 : 0;
        };
    assembler.feed(stream, 0, stream.length, collect);
    assembler.flushPartial(collect);
    return out;
  }

  private static Lines chunked(byte[] stream, int chunkBytes, Random reads) {
    ParseAhead ahead = new ParseAhead(ParseWorkers.of(2, 3, chunkBytes));
    LineChunks chunks = new LineChunks(ahead);
    LineAssembler straddling = new LineAssembler(CAP);
    Lines out = new Lines();
    int at = 0;
    while (at < stream.length) {
      byte[] buffer = chunks.buffer();
      assertThat(buffer.length).isEqualTo(chunkBytes);
      int n = Math.min(stream.length - at, 1 + reads.nextInt(buffer.length));
      System.arraycopy(stream, at, buffer, 0, n);
      at += n;
      chunks.feed(buffer, n, straddling, toAhead(ahead, "f"), "f", () -> null);
      while (ahead.isFull()) {
        takeInto(ahead, out);
      }
    }
    straddling.flushPartial(toAhead(ahead, "f"));
    while (takeInto(ahead, out)) {}
    return out;
  }

  /** Where the stream's own assembler hands a line that straddled two reads. */
  private static LineAssembler.Listener toAhead(ParseAhead ahead, String tag) {
    return (line, cut, invalid) -> ahead.add(line, cut, invalid, tag, () -> null);
  }

  private static Lines drain(ParseAhead ahead) {
    Lines out = new Lines();
    while (takeInto(ahead, out)) {}
    return out;
  }

  private static boolean takeInto(ParseAhead ahead, Lines out) {
    LineBatch b = ahead.take();
    if (b == null) {
      return false;
    }
    for (int i = 0; i < b.size(); i++) {
      out.text.add(b.line(i));
    }
    out.cut += b.cutLines();
    out.invalid += b.invalidUtf8Lines();
    return true;
  }
}
