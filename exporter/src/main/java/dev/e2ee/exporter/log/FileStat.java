package dev.e2ee.exporter.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One stat of a path: which file it names (device and inode, the identity that survives a rename)
 * and how big and how recently written it is. Read with one system call per poll.
 */
record FileStat(long device, long inode, long size, long modifiedMillis) {

  /**
   * The stat of {@code path}, or null when nothing is there; an unreadable path is reported by the
   * caller's open.
   */
  static @Nullable FileStat of(Path path) {
    try {
      Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime");
      // The unix view returns every attribute asked for, so none of these is absent.
      return new FileStat(
          number(a, "dev"),
          number(a, "ino"),
          number(a, "size"),
          ((FileTime) Objects.requireNonNull(a.get("lastModifiedTime"))).toMillis());
    } catch (NoSuchFileException e) {
      return null;
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return withoutUnixView(path);
    } catch (IOException e) {
      return null;
    }
  }

  private static long number(Map<String, Object> attributes, String name) {
    return ((Number) Objects.requireNonNull(attributes.get(name), name)).longValue();
  }

  /** Outside Unix (development machines): the file key's hash stands in for the inode. */
  private static @Nullable FileStat withoutUnixView(Path path) {
    try {
      var a = Files.readAttributes(path, BasicFileAttributes.class);
      return new FileStat(
          0,
          a.fileKey() == null ? 0 : a.fileKey().hashCode(),
          a.size(),
          a.lastModifiedTime().toMillis());
    } catch (IOException e) {
      return null;
    }
  }

  boolean sameFile(@Nullable FileStat other) {
    return other != null && device == other.device && inode == other.inode;
  }

  boolean sameFile(long otherDevice, long otherInode) {
    return device == otherDevice && inode == otherInode;
  }
}
