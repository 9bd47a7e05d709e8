package dev.e2ee.exporter.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One user; the password as a slow hash (see the hash-password command), or in a file only the
 * exporter may read ({@code passwordFile}; then {@code passwordHash} is empty). The record holds
 * the file's path, never the password, so printing a config shows no secret.
 */
public record BasicAuthConfig(String username, String passwordHash, Optional<Path> passwordFile) {
  public BasicAuthConfig(String username, String passwordHash) {
    this(username, passwordHash, Optional.empty());
  }
}
