package dev.e2ee.exporter.config;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The basic-auth password as the config stores it. {@code hash-password} writes PBKDF2-HMAC-SHA256
 * with a random salt, {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (base64; the JDK has PBKDF2
 * built in). bcrypt hashes ({@code $2a$}, {@code $2b$}, {@code $2y$}: what {@code htpasswd -B} and
 * Prometheus exporter-toolkit {@code web.yml} files hold) are accepted too, checked by Spring
 * Security's BCrypt, so an operator can reuse the hash of their Prometheus web config.
 */
public final class PasswordHash {
  static final int ITERATIONS = 210_000;
  private static final Pattern FORMAT =
      Pattern.compile("pbkdf2-sha256\\$(\\d{4,8})\\$([A-Za-z0-9+/=]{16,})\\$([A-Za-z0-9+/=]{40,})");
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {}

  public static String hash(char[] password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return "pbkdf2-sha256$"
        + ITERATIONS
        + "$"
        + Base64.getEncoder().encodeToString(salt)
        + "$"
        + Base64.getEncoder().encodeToString(derive(password, salt, ITERATIONS));
  }

  private static final Pattern BCRYPT =
      Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

  public static boolean isWellFormed(String hash) {
    return FORMAT.matcher(hash).matches() || BCRYPT.matcher(hash).matches();
  }

  /** Constant-time comparison of the derived key; false for anything malformed. */
  public static boolean verify(char[] password, String hash) {
    if (BCRYPT.matcher(hash).matches()) {
      return BCrypt.checkpw(new String(password), hash);
    }
    var m = FORMAT.matcher(hash);
    if (!m.matches()) {
      return false;
    }
    byte[] salt = Base64.getDecoder().decode(m.group(2));
    byte[] expected = Base64.getDecoder().decode(m.group(3));
    return MessageDigest.isEqual(derive(password, salt, Integer.parseInt(m.group(1))), expected);
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
      try {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(spec)
            .getEncoded();
      } finally {
        spec.clearPassword();
      }
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is required of every Java runtime", e);
    }
  }
}
