package dev.e2ee.exporter.log;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Where reading stopped, per followed file, so a restart resumes there (the habit of Promtail's
 * positions file and Filebeat's registry). Each entry names the file by identity (device, inode,
 * and its first bytes as length + SHA-256, which catches a reused inode), not only by path, so a
 * file rotated while the exporter was down is found and finished. Written whole to a temporary file
 * and renamed over the old one: a crash mid-write leaves the previous positions, never half a file.
 */
final class Positions {
  static final int VERSION = 1;

  /** One followed file: the offset just after the last complete line handed on. */
  record Entry(
      long device,
      long inode,
      int headLength,
      String headSha256,
      long offset,
      long savedAtMillis) {}

  private Positions() {}

  /** Reads the file; a missing file is empty, an unreadable or corrupt one throws with a reason. */
  static Map<String, Entry> load(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Map.of();
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      JsonObject root = new JsonObject(text);
      if (root.getInteger("version", -1) != VERSION) {
        throw new IOException("unknown version " + root.getValue("version"));
      }
      JsonObject files = root.getJsonObject("files");
      Map<String, Entry> out = new HashMap<>();
      for (String path : files.fieldNames()) {
        JsonObject e = files.getJsonObject(path);
        Entry entry =
            new Entry(
                e.getLong("device"),
                e.getLong("inode"),
                e.getInteger("head_length"),
                e.getString("head_sha256"),
                e.getLong("offset"),
                e.getLong("saved_at_ms"));
        if (entry.offset() < 0
            || entry.headLength() < 0
            || entry.headLength() > HeadPrint.LENGTH
            || entry.headSha256() == null) {
          throw new IOException("invalid entry for " + path);
        }
        out.put(path, entry);
      }
      return out;
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      throw new IOException("not a positions file (invalid JSON or missing fields)", e);
    }
  }

  /**
   * The journald cursors kept beside the files (the {@code journal} object: source label -> cursor
   * of the last entry handed on); empty when there are none.
   */
  static Map<String, String> loadCursors(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Map.of();
    }
    try {
      JsonObject journal =
          new JsonObject(Files.readString(file, StandardCharsets.UTF_8)).getJsonObject("journal");
      Map<String, String> out = new HashMap<>();
      if (journal != null) {
        for (String label : journal.fieldNames()) {
          out.put(label, journal.getString(label));
        }
      }
      return out;
    } catch (DecodeException | ClassCastException e) {
      throw new IOException("not a positions file (invalid JSON)", e);
    }
  }

  static void save(Path file, Map<String, Entry> entries) throws IOException {
    save(file, entries, Map.of());
  }

  static void save(Path file, Map<String, Entry> entries, Map<String, String> cursors)
      throws IOException {
    JsonObject files = new JsonObject();
    entries.forEach(
        (path, e) ->
            files.put(
                path,
                new JsonObject()
                    .put("device", e.device())
                    .put("inode", e.inode())
                    .put("head_length", e.headLength())
                    .put("head_sha256", e.headSha256())
                    .put("offset", e.offset())
                    .put("saved_at_ms", e.savedAtMillis())));
    byte[] bytes =
        new JsonObject()
            .put("version", VERSION)
            .put("files", files)
            .put("journal", new JsonObject(new HashMap<String, Object>(cursors)))
            .encodePrettily()
            .getBytes(StandardCharsets.UTF_8);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
