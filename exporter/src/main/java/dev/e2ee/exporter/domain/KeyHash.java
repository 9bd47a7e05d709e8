package dev.e2ee.exporter.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * A short SHA-256 of a public key value: enough to tell two values apart, useless to anyone who
 * would want the value. Keys seen in errors and in the database are compared through this, so key
 * material is never held.
 */
public final class KeyHash {
  // MessageDigest.getInstance looks the provider up on every call; a storm hashes two values per
  // rejected upload, so each thread keeps its digest (digest() resets it).
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
            }
          });

  private KeyHash() {}

  public static @Nullable String of(@Nullable String keyValue) {
    if (keyValue == null) {
      return null;
    }
    byte[] digest = SHA256.get().digest(keyValue.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, 8);
  }
}
