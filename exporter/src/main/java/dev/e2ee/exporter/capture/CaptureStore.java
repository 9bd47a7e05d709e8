package dev.e2ee.exporter.capture;

import dev.e2ee.exporter.console.CapturedBundle;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The alert bundles in {@code capture.directory}: listed for the landing page (from each bundle's
 * {@code bundle.json}), kept under {@code capture.max_bytes} by removing the oldest first, and
 * zipped for download by name - only a name this store made, never a path from a request.
 */
public final class CaptureStore {
  static final String META = "bundle.json";
  private static final Pattern NAME = Pattern.compile("alert-\\d{8}T\\d{6}Z-[0-9a-f]{12}");

  private final Path directory;
  private final long maxBytes;

  public CaptureStore(Path directory, long maxBytes) {
    this.directory = directory;
    this.maxBytes = maxBytes;
  }

  public Path directory() {
    return directory;
  }

  static boolean isBundleName(String name) {
    return NAME.matcher(name).matches();
  }

  /** Makes a finished bundle visible: its bundle.json, 0600, moved into place in one step. */
  static void publish(Path dir, String meta) throws IOException {
    Path tmp =
        Files.createFile(
            dir.resolve(META + ".tmp"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, meta, StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(META), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Newest first. */
  public List<CapturedBundle> list() {
    List<CapturedBundle> out = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return out;
    }
    List<Path> dirs;
    try (Stream<Path> names = Files.list(directory)) {
      dirs = names.filter(d -> isBundleName(d.getFileName().toString())).toList();
    } catch (IOException e) {
      return out; // the folder went away while listing
    }
    for (Path dir : dirs) {
      Path meta = dir.resolve(META);
      if (!Files.isReadable(meta)) {
        continue; // still being written
      }
      try {
        JsonObject m = new JsonObject(Files.readString(meta));
        out.add(
            new CapturedBundle(
                dir.getFileName().toString(),
                Instant.parse(m.getString("captured_at")).toEpochMilli(),
                m.getString("alertname"),
                m.getString("user"),
                m.getString("device"),
                size(dir)));
      } catch (IOException | RuntimeException e) {
        // This bundle was removed while listing, or its bundle.json edited by hand: the others
        // are still listed (and pruned), whatever order the folder lists them in.
      }
    }
    out.sort(Comparator.comparingLong(CapturedBundle::createdMillis).reversed());
    return out;
  }

  /** Removes the oldest bundles until the total fits; returns how many were removed. */
  public int prune() throws IOException {
    List<CapturedBundle> bundles = new ArrayList<>(list());
    long total = bundles.stream().mapToLong(CapturedBundle::bytes).sum();
    int removed = 0;
    while (total > maxBytes && !bundles.isEmpty()) {
      CapturedBundle oldest = bundles.remove(bundles.size() - 1);
      deleteRecursively(directory.resolve(oldest.name()));
      total -= oldest.bytes();
      removed++;
    }
    return removed;
  }

  /** The bundle's folder for a download, if {@code name} is one of the bundles. */
  public Optional<Path> bundle(String name) {
    if (!isBundleName(name)) {
      return Optional.empty();
    }
    Path dir = directory.resolve(name);
    return Files.isRegularFile(dir.resolve(META)) ? Optional.of(dir) : Optional.empty();
  }

  /** Writes the bundle as a zip (folder name first in every entry). */
  public static void zip(Path dir, OutputStream target) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(target);
        Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        zip.putNextEntry(
            new ZipEntry(
                dir.getFileName() + "/" + dir.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, zip);
        zip.closeEntry();
      }
    }
  }

  static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
