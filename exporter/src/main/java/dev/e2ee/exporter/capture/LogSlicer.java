package dev.e2ee.exporter.capture;

import dev.e2ee.exporter.domain.KeyHash;
import dev.e2ee.exporter.log.RotatedNames;
import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.TextRecordParser;
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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * The log part of a capture: every line that mentions the user (or their device or event), every
 * line of the same request as one of those (the http.server line of a rejected upload does not name
 * the user), and the tracebacks that follow them - from the current file and its rotated
 * predecessors, gzipped ones included. Request ids repeat (Synapse's counter restarts with the
 * process; workers count on their own), so a request is the same only in the same file and worker
 * and within {@link #JOIN_WINDOW_MILLIS} of the user's own line; and a line that names another user
 * but not this one is never a mention of its own. Access tokens are redacted again and key values
 * are replaced by short hashes unless key material is asked for.
 */
public final class LogSlicer {
  private static final Pattern TOKEN = Pattern.compile("(access_token|client_secret)=[^&\\s\"]+");
  private static final Pattern KEY_VALUES =
      Pattern.compile("(\"key\"\\s*:\\s*\"|'key'\\s*:\\s*')([^\"']+)([\"'])");

  /** As the live KE-1 join: the lines of one request arrive within Synapse's ~5 s buffering. */
  static final long JOIN_WINDOW_MILLIS = 10_000;

  private static final Pattern USER_ID =
      Pattern.compile("@[A-Za-z0-9._=\\-/+]+:[A-Za-z0-9.\\-]+(:[0-9]+)?");
  private static final Pattern SIGNATURE_VALUES =
      Pattern.compile("(\"ed25519:[^\"]+\"\\s*:\\s*\"|'ed25519:[^']+'\\s*:\\s*')([^\"']+)([\"'])");

  /** How many lines of a file went into the slice. */
  public record FileSlice(Path file, long linesRead, long linesKept) {}

  private final TextRecordParser parser;
  private final String user;
  private final Predicate<String> mentions;
  private final @Nullable Instant since;
  private final @Nullable Instant until;
  private final boolean keepKeyMaterial;
  private boolean redactOthers;

  /** What another user's id becomes in a bundle that is only about one user. */
  public static final String OTHER_USER = "@[another-user]";

  /**
   * @param mentions what marks a line as about the asked-for {@code user} (the user, their device,
   *     an event)
   */
  public LogSlicer(
      ZoneId zone,
      String user,
      Predicate<String> mentions,
      @Nullable Instant since,
      @Nullable Instant until,
      boolean keepKeyMaterial) {
    this.parser = new TextRecordParser(zone);
    this.user = user;
    this.mentions = mentions;
    this.since = since;
    this.until = until;
    this.keepKeyMaterial = keepKeyMaterial;
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
    // Where the user's own lines are: per worker and request id, the times they were written.
    Map<String, List<Long>> ownRequests = new HashMap<>();
    LogRecord record = new LogRecord();
    try (BufferedReader in = open(file)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (parser.parse(line, record) == ParseOutcome.RECORD
            && inWindow(record)
            && isAbout(line)) {
          String request = record.request();
          if (!request.isEmpty() && !"sentinel".equals(request) && !"None".equals(request)) {
            ownRequests
                .computeIfAbsent(requestKey(record), k -> new ArrayList<>())
                .add(record.timestampMillis());
          }
        }
      }
    }
    long read = 0;
    long kept = 0;
    boolean keepingRecord = false;
    try (BufferedReader in = open(file)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        read++;
        boolean keep;
        if (parser.parse(line, record) == ParseOutcome.RECORD) {
          keep =
              inWindow(record)
                  && (isAbout(line) || sameRequest(ownRequests.get(requestKey(record)), record));
          keepingRecord = keep;
        } else {
          keep = keepingRecord; // a traceback belongs to the record above it
        }
        if (keep) {
          out.write(redact(line));
          out.write('\n');
          kept++;
        }
      }
    }
    return new FileSlice(file, read, kept);
  }

  /** A line about the user: it mentions them, and names no other user without naming them. */
  private boolean isAbout(String line) {
    if (!mentions.test(line)) {
      return false;
    }
    if (line.contains(user)) {
      return true;
    }
    Matcher ids = USER_ID.matcher(line);
    while (ids.find()) {
      if (!ids.group().equals(user)) {
        return false; // the device id or event of someone else's line
      }
    }
    return true;
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

  /**
   * Replaces every other user's id in the kept lines (a key claim by someone else, a request that
   * shares a line with another user): for a bundle that may hold this user's data only.
   */
  public LogSlicer redactingOtherUsers() {
    this.redactOthers = true;
    return this;
  }

  String redact(String line) {
    String redacted = TOKEN.matcher(line).replaceAll("$1=<redacted>");
    if (redactOthers) {
      redacted =
          USER_ID
              .matcher(redacted)
              .replaceAll(
                  m -> m.group().equals(user) ? Matcher.quoteReplacement(user) : OTHER_USER);
    }
    if (keepKeyMaterial) {
      return redacted;
    }
    redacted = replaceValues(KEY_VALUES, redacted);
    return replaceValues(SIGNATURE_VALUES, redacted);
  }

  private static String replaceValues(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out,
          Matcher.quoteReplacement(m.group(1) + "sha256:" + KeyHash.of(m.group(2)) + m.group(3)));
    }
    m.appendTail(out);
    return out.toString();
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
