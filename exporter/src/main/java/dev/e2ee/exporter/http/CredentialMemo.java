package dev.e2ee.exporter.http;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The one credential known to be right, kept as an HMAC-SHA256 under a key drawn at start and held
 * only in memory: once known, every request is answered by one HMAC and a constant-time compare,
 * right or wrong, and the slow password hash is never run again. There is one user and one
 * password, so a credential that differs from the known one is wrong. Nothing here is written
 * anywhere; a restart draws a new key and forgets the credential.
 */
final class CredentialMemo {
  private static final String HMAC = "HmacSHA256";
  private final SecretKeySpec key;
  private volatile byte @Nullable [] known;

  CredentialMemo() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    this.key = new SecretKeySpec(bytes, HMAC);
  }

  /** The keyed digest of a credential ({@code user:password} as sent). */
  byte[] digest(byte[] credential) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac.doFinal(credential);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
    }
  }

  boolean isKnown() {
    return known != null;
  }

  /** Constant-time; false while no credential is known. */
  boolean matches(byte[] digest) {
    byte[] k = known;
    return k != null && MessageDigest.isEqual(k, digest);
  }

  void remember(byte[] digest) {
    known = digest.clone();
  }
}
