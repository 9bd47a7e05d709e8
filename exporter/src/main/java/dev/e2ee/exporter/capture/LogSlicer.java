package dev.e2ee.exporter.capture;

import dev.e2ee.exporter.log.RotatedNames;
import dev.e2ee.exporter.log.parse.ContinuationTracker;
import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.RecordParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * The log part of a capture: every line that mentions the user (or their device or event), every
 * line of the same request as one of those (the http.server line of a rejected upload does not name
 * the user), and the tracebacks that follow them - from the current file and its rotated
 * predecessors, gzipped ones included. Lines are read with the parsers serve and replay use (one
 * new parser per file and pass: {@code format: auto} follows a file that switches from Synapse's
 * text to its JSON formatter), so a record is found in every layout the exporter reads. Request ids
 * repeat (Synapse's counter restarts with the process; workers count on their own), so a request is
 * the same only in the same file and worker and within {@link #JOIN_WINDOW_MILLIS} of the user's
 * own line; and a line that names another user but not this one is never a mention of its own. Kept
 * lines go through {@link LineRedaction}: tokens, key values and other users do not reach the
 * bundle.
 */
public final class LogSlicer {
  /** As the live KE-1 join: the lines of one request arrive within Synapse's ~5 s buffering. */
  static final long JOIN_WINDOW_MILLIS = 10_000;

  /** How many lines of a file went into the slice. */
  public record FileSlice(Path file, long linesRead, long linesKept) {}

  private final Supplier<RecordParser> parsers;
  private final String user;
  private final Predicate<String> mentions;
  private final @Nullable Instant since;
  private final @Nullable Instant until;
  private final OtherIdentities others;
  private final LineRedaction redaction;

  /**
   * @param parsers a new parser for the configured layout on each call, as {@code
   *     RecordParsers#forLayout} gives them
   * @param mentions what marks a line as about the asked-for {@code user} (the user, their device,
   *     an event)
   * @param others the bundle's other users, replaced in every kept line
   */
  public LogSlicer(
      Supplier<RecordParser> parsers,
      String user,
      Predicate<String> mentions,
      @Nullable Instant since,
      @Nullable Instant until,
      boolean keepKeyMaterial,
      OtherIdentities others) {
    this.parsers = parsers;
    this.user = user;
    this.mentions = mentions;
    this.since = since;
    this.until = until;
    this.others = others;
    this.redaction = new LineRedaction(keepKeyMaterial, others);
  }

  /** The configured files and, before each, its rotated versions, oldest first. */
  public static List<Path> withRotations(List<Path> files) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path file : files) {
      Path dir = file.toAbsolutePath().getParent();
      String name = file.getFileName().toString();
      if (dir != null && Files.isDirectory(dir)) {
        try (Stream<Path> siblings = Files.list(dir)) {
          siblings
              .filter(p -> RotatedNames.isRotationOf(name, p.getFileName().toString()))
              .sorted(Comparator.comparing(LogSlicer::modified))
              .forEach(out::add);
        }
      }
      if (Files.exists(file)) {
        out.add(file);
      }
    }
    return out;
  }

  public FileSlice slice(Path file, Writer out) throws IOException {
    Map<String, List<Long>> ownRequests = ownRequests(file);
    RecordParser parser = parsers.get();
    ContinuationTracker continuation = new ContinuationTracker();
    LogRecord record = new LogRecord();
    List<String> pieces = new ArrayList<>(); // a record Docker split, until its last piece
    long read = 0;
    long kept = 0;
    boolean keepingRecord = false;
    try (BufferedReader in = open(file)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        read++;
        ParseOutcome outcome = parser.parse(line, record);
        if (outcome == ParseOutcome.JOINED) {
          pieces.add(line);
          continue;
        }
        List<String> lines = pieces.isEmpty() ? List.of(line) : withPieces(pieces, line);
        boolean keep;
        if (outcome == ParseOutcome.RECORD) {
          continuation.record(record);
          keep =
              inWindow(record)
                  && (isAbout(line) || sameRequest(ownRequests.get(requestKey(record)), record));
          keepingRecord = keep;
        } else {
          // A traceback belongs to the record above it; a line of no layout belongs to nothing.
          keep =
              keepingRecord
                  && continuation.classify(parser.synapseText(line), outcome)
                      == ParseOutcome.CONTINUATION;
        }
        if (keep) {
          for (String l : lines) {
            out.write(redaction.redact(l));
            out.write('\n');
            kept++;
          }
        }
      }
    }
    return new FileSlice(file, read, kept);
  }

  /** Where the user's own lines are: per worker and request id, the times they were written. */
  private Map<String, List<Long>> ownRequests(Path file) throws IOException {
    Map<String, List<Long>> own = new HashMap<>();
    RecordParser parser = parsers.get();
    LogRecord record = new LogRecord();
    try (BufferedReader in = open(file)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (parser.parse(line, record) == ParseOutcome.RECORD
            && inWindow(record)
            && isAbout(line)) {
          String request = record.request();
          if (!request.isEmpty() && !"sentinel".equals(request) && !"None".equals(request)) {
            own.computeIfAbsent(requestKey(record), k -> new ArrayList<>())
                .add(record.timestampMillis());
          }
        }
      }
    }
    return own;
  }

  private static List<String> withPieces(List<String> pieces, String last) {
    List<String> all = new ArrayList<>(pieces);
    all.add(last);
    pieces.clear();
    return all;
  }

  /** A line about the user: it mentions them, and names no other user without naming them. */
  private boolean isAbout(String line) {
    return mentions.test(line) && (line.contains(user) || !others.namesAnother(line));
  }

  private static String requestKey(LogRecord r) {
    return (r.worker() == null ? "" : r.worker()) + '\u0000' + r.request();
  }

  private static boolean sameRequest(@Nullable List<Long> ownTimes, LogRecord r) {
    if (ownTimes == null) {
      return false;
    }
    for (long t : ownTimes) {
      if (Math.abs(t - r.timestampMillis()) <= JOIN_WINDOW_MILLIS) {
        return true;
      }
    }
    return false;
  }

  private boolean inWindow(LogRecord record) {
    long t = record.timestampMillis();
    return (since == null || t >= since.toEpochMilli())
        && (until == null || t <= until.toEpochMilli());
  }

  private static BufferedReader open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
    return new BufferedReader(
        new InputStreamReader(
            in,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)));
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
