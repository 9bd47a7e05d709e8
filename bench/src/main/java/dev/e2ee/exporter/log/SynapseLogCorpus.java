package dev.e2ee.exporter.log;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A synthetic but realistically mixed Synapse log for benchmarks: mostly access lines (long sync
 * URLs with since-tokens, federation, keys, to-device, delayed events), other INFO loggers,
 * tracebacks, and a KE-1 storm (three lines per rejected upload). Deterministic for a seed, so
 * every tool in a comparison reads the same bytes.
 */
public final class SynapseLogCorpus {
  private SynapseLogCorpus() {}

  public static List<String> lines(int count, long seed) {
    List<String> out = new ArrayList<>(count + 8);
    generate(count, seed, out::add);
    return out;
  }

  /** Streams exactly {@code count} lines to {@code out}, without holding them. */
  public static void generate(int count, long seed, Consumer<String> sink) {
    Random random = new Random(seed);
    CorpusRequests requests = new CorpusRequests(random);
    int[] emitted = {0};
    Consumer<String> limited =
        l -> {
          if (emitted[0] < count) {
            emitted[0]++;
            sink.accept(l);
          }
        };
    List<String> out = new ArrayList<>(8);
    long ms = 1_764_064_800_000L;
    int request = 1;
    while (emitted[0] < count) {
      out.forEach(limited);
      out.clear();
      ms += random.nextInt(5);
      String ts = timestamp(ms);
      int roll = random.nextInt(100);
      String req = (roll < 50 ? "GET-" : roll < 80 ? "PUT-" : "POST-") + request++;
      requests.add(roll, ts, req, ms, out);
    }
  }

  /** {@code java -cp benchmarks.jar ...SynapseLogCorpus FILE [LINES]}: the corpus on disk. */
  public static void main(String[] args) throws IOException {
    write(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000, 1);
  }

  public static void write(Path file, int count, long seed) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      generate(
          count,
          seed,
          l -> {
            try {
              w.write(l);
              w.write('\n');
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }

  private static String timestamp(long ms) {
    LocalDateTime t =
        LocalDateTime.ofEpochSecond(ms / 1000, (int) (ms % 1000) * 1_000_000, ZoneOffset.UTC);
    return String.format(
        Locale.ROOT,
        "%04d-%02d-%02d %02d:%02d:%02d,%03d",
        t.getYear(),
        t.getMonthValue(),
        t.getDayOfMonth(),
        t.getHour(),
        t.getMinute(),
        t.getSecond(),
        (int) (ms % 1000));
  }
}
