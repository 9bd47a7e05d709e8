package dev.e2ee.exporter.capture;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The runbook's server-side bundle in one folder named with the UTC start time: the log slice, each
 * SQL result as CSV and JSON, the metrics and verdicts of the running exporter, and a README.md
 * that says what is in it and what could not be captured.
 */
public final class CaptureBundle {
  private static final DateTimeFormatter FOLDER =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");

  private final Path dir;
  private final List<String> contents = new ArrayList<>();
  private final List<String> missing = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private CaptureBundle(Path dir) {
    this.dir = dir;
  }

  public static CaptureBundle create(Path out, Instant start) throws IOException {
    Path dir = out.resolve("capture-" + FOLDER.format(start));
    Files.createDirectories(dir);
    return new CaptureBundle(dir);
  }

  /**
   * A bundle only the exporter's user can read: the folder {@code out/name} is created 0700 (and
   * {@code out} too when missing); {@link #restrictToOwner()} makes the files 0600 when done.
   */
  public static CaptureBundle createPrivate(Path out, String name) throws IOException {
    if (!Files.isDirectory(out)) {
      Files.createDirectories(out, PosixFilePermissions.asFileAttribute(OWNER_DIR));
    }
    Path dir =
        Files.createDirectory(out.resolve(name), PosixFilePermissions.asFileAttribute(OWNER_DIR));
    return new CaptureBundle(dir);
  }

  /** Files 0600 and folders 0700 throughout the bundle. */
  public void restrictToOwner() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.toList()) {
        Files.setPosixFilePermissions(p, Files.isDirectory(p) ? OWNER_DIR : OWNER_FILE);
      }
    }
  }

  public Path dir() {
    return dir;
  }

  public Writer logWriter() throws IOException {
    return Files.newBufferedWriter(dir.resolve("homeserver-slice.log"), StandardCharsets.UTF_8);
  }

  public void logged(List<LogSlicer.FileSlice> slices) {
    long kept = slices.stream().mapToLong(LogSlicer.FileSlice::linesKept).sum();
    contents.add(
        "`homeserver-slice.log`: "
            + kept
            + " lines, from "
            + slices.stream()
                .map(s -> s.file() + " (" + s.linesKept() + " of " + s.linesRead() + ")")
                .collect(Collectors.joining(", ")));
  }

  public void query(CaptureQueries.Result result) throws IOException {
    if (result.error() != null) {
      missing.add("SQL `" + result.name() + "`: " + result.error());
      return;
    }
    StringBuilder csv = new StringBuilder(String.join(",", result.columns())).append('\n');
    for (List<Object> row : result.rows()) {
      csv.append(row.stream().map(CaptureBundle::csvCell).collect(Collectors.joining(",")))
          .append('\n');
    }
    Files.writeString(dir.resolve("sql-" + result.name() + ".csv"), csv, StandardCharsets.UTF_8);
    JsonArray rows = new JsonArray();
    CaptureQueries.asMaps(result).forEach(m -> rows.add(new JsonObject(m)));
    Files.writeString(
        dir.resolve("sql-" + result.name() + ".json"),
        new JsonObject().put("query", result.sql()).put("rows", rows).encodePrettily(),
        StandardCharsets.UTF_8);
    contents.add("`sql-" + result.name() + ".csv/.json`: " + result.rows().size() + " rows");
  }

  public void file(String name, String body, String description) throws IOException {
    Files.writeString(dir.resolve(name), body, StandardCharsets.UTF_8);
    contents.add("`" + name + "`: " + description);
  }

  /** A finding worth its own line at the top of the summary (a verdict). */
  public void note(String finding) {
    notes.add(finding);
  }

  public void missing(String what) {
    missing.add(what);
  }

  public boolean complete() {
    return missing.isEmpty();
  }

  public void finish(String title, List<String> parameters, boolean keyMaterial)
      throws IOException {
    StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
    parameters.forEach(p -> md.append("- ").append(p).append('\n'));
    if (!notes.isEmpty()) {
      md.append("\n## Findings\n\n");
      notes.forEach(n -> md.append("- ").append(n).append('\n'));
    }
    md.append("\n## Contents\n\n");
    contents.forEach(c -> md.append("- ").append(c).append('\n'));
    md.append("\n## Not captured\n\n");
    if (missing.isEmpty()) {
      md.append("Nothing: every part of the bundle was captured.\n");
    } else {
      missing.forEach(m -> md.append("- ").append(m).append('\n'));
    }
    md.append("\n## Redaction\n\nAccess tokens and client secrets are redacted. ")
        .append(
            "Only this user is named: other users appear as `<other user N>` (N stable within this"
                + " bundle) and a device written after them as `<their device>`; the exporter's"
                + " metrics, verdicts and findings are cut down to this user (and device). ")
        .append(
            keyMaterial
                ? "Key material is included (--include-key-material): handle this bundle as a secret.\n"
                : "Key values and signatures appear only as `sha256:` prefixes of their hash (compare them, do not expect the keys).\n")
        .append(
            "\nNext (runbook §4): add the client's Crypto Diagnostics report and HAR for the same window; do not apply a")
        .append(" remediation before the planning session.\n");
    Files.writeString(dir.resolve("README.md"), md, StandardCharsets.UTF_8);
  }

  private static String csvCell(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    return s.contains(",") || s.contains("\"") || s.contains("\n")
        ? "\"" + s.replace("\"", "\"\"") + "\""
        : s;
  }
}
