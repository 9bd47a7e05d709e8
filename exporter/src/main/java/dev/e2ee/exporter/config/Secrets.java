package dev.e2ee.exporter.config;

import dev.e2ee.exporter.support.ErrorText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

/** Resolves the database password from where the config says it lives, at connect time. */
public final class Secrets {
  private Secrets() {}

  /** Returns the password, or an empty string when none is configured (trust or peer auth). */
  public static String databasePassword(DatabaseConfig db, Map<String, String> environment) {
    if (db.passwordEnv().isPresent()) {
      String name = db.passwordEnv().get();
      String value = environment.get(name);
      if (value == null) {
        throw new ConfigException(
            "database.password_env: environment variable " + name + " is not set");
      }
      return value;
    }
    if (db.passwordFile().isPresent()) {
      try {
        // A trailing newline is what editors and `echo` leave behind, never part of a password.
        return Files.readString(db.passwordFile().get(), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new ConfigException(
            "database.password_file: cannot read "
                + db.passwordFile().get()
                + " ("
                + ErrorText.describe(e)
                + ")");
      }
    }
    return "";
  }
}
