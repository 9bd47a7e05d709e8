package dev.e2ee.exporter.log;

import dev.e2ee.exporter.log.parse.LogRecord;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.TextRecordParser;
import dev.e2ee.exporter.log.program.KeyHash;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The log part of a capture: every line that mentions the user or device, every line that
 * shares a request id with one of those (the e2e_keys and http.server lines of a rejected
 * upload do not name the user), and the tracebacks that follow them - from the current file
 * and its rotated predecessors, gzipped ones included. Access tokens are redacted again and
 * key values are replaced by short hashes unless key material is asked for.
 */
public final class LogSlicer {
  private static final Pattern TOKEN = Pattern.compile("(access_token|client_secret)=[^&\\s\"]+");
  private static final Pattern KEY_VALUES = Pattern.compile("(\"key\"\\s*:\\s*\"|'key'\\s*:\\s*')([^\"']+)([\"'])");
  private static final Pattern SIGNATURE_VALUES = Pattern.compile("(\"ed25519:[^\"]+\"\\s*:\\s*\"|'ed25519:[^']+'\\s*:\\s*')([^\"']+)([\"'])");

  /** How many lines of a file went into the slice. */
  public record FileSlice(Path file, long linesRead, long linesKept) {}

  private final TextRecordParser parser;
  private final Predicate<String> mentions;
  private final Instant since;
  private final Instant until;
  private final boolean keepKeyMaterial;

  public LogSlicer(ZoneId zone, Predicate<String> mentions, Instant since, Instant until, boolean keepKeyMaterial) {
    this.parser = new TextRecordParser(zone);
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
          siblings.filter(p -> RotatedNames.isRotationOf(name, p.getFileName().toString()))
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
    Set<String> requests = new HashSet<>();
    LogRecord record = new LogRecord();
    try (BufferedReader in = open(file)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (parser.parse(line, record) == ParseOutcome.RECORD && inWindow(record) && mentions.test(line)) {
          String request = record.request();
          if (!request.isEmpty() && !"sentinel".equals(request) && !"None".equals(request)) {
            requests.add(request);
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
          keep = inWindow(record) && (mentions.test(line) || requests.contains(record.request()));
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

  String redact(String line) {
    String redacted = TOKEN.matcher(line).replaceAll("$1=<redacted>");
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
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "sha256:" + KeyHash.of(m.group(2)) + m.group(3)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private boolean inWindow(LogRecord record) {
    long t = record.timestampMillis();
    return (since == null || t >= since.toEpochMilli()) && (until == null || t <= until.toEpochMilli());
  }

  private static BufferedReader open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
