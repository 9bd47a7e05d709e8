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

  /**
   * Each thread's last two values and their hashes. A KE-1 storm is one device re-sending the same
   * upload: every rejection names the same stored and uploaded values, so a catch-up of a storm
   * hashed the same two strings thousands of times (4 % of the log thread's time).
   */
  private static final ThreadLocal<Recent> RECENT = ThreadLocal.withInitial(Recent::new);

  private static final class Recent {
    @Nullable String newerValue;
    String newerHash = "";
    @Nullable String olderValue;
    String olderHash = "";
  }

  private KeyHash() {}

  public static @Nullable String of(@Nullable String keyValue) {
    if (keyValue == null) {
      return null;
    }
    Recent recent = RECENT.get();
    if (keyValue.equals(recent.newerValue)) {
      return recent.newerHash;
    }
    if (keyValue.equals(recent.olderValue)) {
      return recent.olderHash;
    }
    byte[] digest = SHA256.get().digest(keyValue.getBytes(StandardCharsets.UTF_8));
    String hash = HexFormat.of().formatHex(digest, 0, 8);
    recent.olderValue = recent.newerValue;
    recent.olderHash = recent.newerHash;
    recent.newerValue = keyValue;
    recent.newerHash = hash;
    return hash;
  }
}
