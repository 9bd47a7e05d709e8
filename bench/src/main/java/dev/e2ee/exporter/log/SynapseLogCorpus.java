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
      if (roll < 45) {
        out.add(
            access(
                ts,
                req,
                "GET",
                "@user" + random.nextInt(500) + ":example.org",
                "/_matrix/client/v3/sync?filter="
                    + random.nextInt(100)
                    + "&timeout=30000&since=s"
                    + random.nextInt(1_000_000)
                    + "_"
                    + random.nextInt(100_000)
                    + "_"
                    + random.nextInt(10_000)
                    + "_1_1_1_1_"
                    + random.nextInt(5000)
                    + "_0_1"
                    + "&set_presence=online",
                200,
                25 + random.nextDouble() * 5,
                random));
      } else if (roll < 55) {
        out.add(
            access(
                ts,
                req,
                "PUT",
                "remote" + random.nextInt(50) + ".example.net",
                "/_matrix/federation/v1/send/" + (ms - random.nextInt(1000)),
                200,
                random.nextDouble() / 5,
                random));
      } else if (roll < 60) {
        out.add(
            access(
                ts,
                req,
                "POST",
                "@user" + random.nextInt(500) + ":example.org",
                "/_matrix/client/v3/keys/query",
                200,
                random.nextDouble() / 10,
                random));
      } else if (roll < 66) {
        out.add(
            access(
                ts,
                req,
                "PUT",
                "@user" + random.nextInt(500) + ":example.org",
                "/_matrix/client/v3/sendToDevice/"
                    + (random.nextBoolean()
                        ? "m.room.encrypted"
                        : "io.element.call.encryption_keys")
                    + "/m"
                    + ms
                    + "."
                    + random.nextInt(100),
                200,
                random.nextDouble() / 20,
                random));
      } else if (roll < 70) {
        out.add(
            access(
                ts,
                req,
                "POST",
                "@user" + random.nextInt(50) + ":example.org",
                "/_matrix/client/unstable/org.matrix.msc4140/delayed_events/syd_"
                    + Long.toString(ms, 36)
                    + "abcdefghij",
                random.nextInt(20) == 0 ? 499 : 200,
                random.nextDouble() * 3,
                random));
      } else if (roll < 80) {
        // KE-1 storm: one device re-uploading the same rejected key.
        String device = "STORM" + random.nextInt(3);
        String user = "@alice:example.org";
        out.add(
            line(
                ts,
                "synapse.handlers.e2e_keys",
                145,
                "INFO",
                req,
                "Adding one_time_keys dict_keys(['signed_curve25519:AAAAAAAAAFA', 'signed_curve25519:AAAAAAAAAFB']) for device '"
                    + device
                    + "' for user '"
                    + user
                    + "' at "
                    + ms));
        out.add(
            line(
                ts,
                "synapse.http.server",
                130,
                "INFO",
                req,
                "<XForwardedForRequest at 0x7f3a2c1d9e50 method='POST' uri='/_matrix/client/v3/keys/upload' clientproto='HTTP/1.1'"
                    + " site='8008'> SynapseError: 400 - One time key signed_curve25519:AAAAAAAAAFA already exists. Old key:"
                    + " {\"key\":\"zKbLg+NrIjpnagy+pIY6uPL4ZwEG2v+8F9lmgsnlZzs\",\"signatures\":{\"@alice:example.org\":{\"ed25519:"
                    + device
                    + "\":\"x\"}}}; new key: {'key': 'R7eu7ZDMJLmqUzh4tENFpEa8kUZ0PM3N7LNV4L6Lr3A', 'signatures':"
                    + " {'@alice:example.org': {'ed25519:"
                    + device
                    + "': 'y'}}}"));
        out.add(
            access(ts, req, "POST", user, "/_matrix/client/v3/keys/upload", 400, 0.012, random));
      } else if (roll < 95) {
        out.add(
            line(
                ts,
                random.nextBoolean()
                    ? "synapse.federation.transport.server.federation"
                    : "synapse.storage.txn",
                100 + random.nextInt(900),
                "INFO",
                req,
                "Received txn "
                    + random.nextInt(1_000_000)
                    + " from remote"
                    + random.nextInt(50)
                    + ".example.net. (PDUs: "
                    + random.nextInt(5)
                    + ", EDUs: "
                    + random.nextInt(5)
                    + ")"));
      } else {
        out.add(
            line(
                ts,
                "synapse.http.server",
                130,
                "ERROR",
                req,
                "Failed handle request via 'SyncRestServlet': <XForwardedForRequest at 0x7f3a method='GET' uri='/_matrix/client/v3/sync'>"));
        out.add("Traceback (most recent call last):");
        out.add(
            "  File \"/usr/lib/python3/dist-packages/synapse/http/server.py\", line 332, in _async_render_wrapper");
        out.add("    callback_return = await self._async_render(request)");
        out.add("synapse.api.errors.SynapseError: 500: Internal server error");
      }
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

  private static String access(
      String ts,
      String req,
      String method,
      String requester,
      String uri,
      int code,
      double seconds,
      Random random) {
    String message =
        String.format(
            Locale.ROOT,
            "::ffff:10.1.2.%d - 8008 - {%s} Processed request: %.3fsec/0.001sec ru=(%.3fsec, 0.001sec) db=(0.000sec/%.3fsec/%d)"
                + " %dB %d%s \"%s %s HTTP/1.1\" \"Mozilla/5.0 (X11; Linux x86_64) Element/1.11.%d\" [0 dbevts]",
            random.nextInt(255),
            requester,
            seconds,
            Math.min(seconds, 0.01),
            Math.min(seconds, 0.005),
            random.nextInt(8),
            random.nextInt(5000),
            code,
            code == 499 ? "!" : "",
            method,
            uri,
            random.nextInt(100));
    return line(ts, "synapse.access.http.8008", 461, "INFO", req, message);
  }

  private static String line(
      String ts, String logger, int lineno, String level, String request, String message) {
    return ts + " - " + logger + " - " + lineno + " - " + level + " - " + request + " - " + message;
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
