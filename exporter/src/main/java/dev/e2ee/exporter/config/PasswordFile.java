package dev.e2ee.exporter.config;

import dev.e2ee.exporter.support.ErrorText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * {@code listen.basic_auth.password_file}: the password itself, in a file only the exporter may
 * read. Refused when others may read it, or its group when the owner is not root: the rule
 * PostgreSQL applies to its TLS key file (so both {@code 0600} owned by the exporter's user and
 * {@code 0640 root:synapse-e2ee-exporter} pass). Surrounding white space is dropped, as Prometheus
 * does for its own {@code basic_auth.password_file}: one file can serve both.
 */
public final class PasswordFile {
  private PasswordFile() {}

  /** The password; throws a {@link ConfigException} naming the file and saying what to fix. */
  public static String read(Path file) {
    String where = file.toString();
    try {
      PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class);
      Set<PosixFilePermission> p = a.permissions();
      boolean others =
          p.contains(PosixFilePermission.OTHERS_READ)
              || p.contains(PosixFilePermission.OTHERS_WRITE);
      boolean group =
          p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.GROUP_WRITE);
      if (others || (group && !"root".equals(a.owner().getName()))) {
        throw new ConfigException(
            where
                + " may be read by "
                + (others ? "every user" : "its group")
                + "; make it readable only by the exporter's user: chmod 0600 (or owner root,"
                + " group synapse-e2ee-exporter, chmod 0640)");
      }
    } catch (UnsupportedOperationException notPosix) {
      // No owner and mode bits to look at (not a POSIX file system): nothing to check.
    } catch (IOException e) {
      throw new ConfigException(where + ": cannot read (" + ErrorText.describe(e) + ")");
    }
    String password;
    try {
      password = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ConfigException(where + ": cannot read (" + ErrorText.describe(e) + ")");
    }
    if (password.isEmpty()) {
      throw new ConfigException(where + " is empty");
    }
    return password;
  }
}
