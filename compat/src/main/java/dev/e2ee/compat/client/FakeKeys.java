package dev.e2ee.compat.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Key material shaped like a vodozemac account's (unpadded base64 of 32 bytes, signatures of 64),
 * derived from a seed so that a run is repeatable. Synapse stores one-time and fallback keys
 * without verifying their signatures, so shape is all it checks; nothing here is a real key.
 */
public final class FakeKeys {
  private FakeKeys() {}

  /** 32 bytes as unpadded base64: a Curve25519 or Ed25519 public key's shape. */
  public static String key(String seed) {
    return Base64.getEncoder().withoutPadding().encodeToString(sha256(seed));
  }

  /** 64 bytes as unpadded base64: an Ed25519 signature's shape. */
  public static String signature(String seed) {
    byte[] a = sha256(seed + "/1");
    byte[] b = sha256(seed + "/2");
    byte[] both = new byte[64];
    System.arraycopy(a, 0, both, 0, 32);
    System.arraycopy(b, 0, both, 32, 32);
    return Base64.getEncoder().withoutPadding().encodeToString(both);
  }

  /** A signed_curve25519 key object as clients upload it. */
  public static ObjectNode signedKey(
      String userId, String deviceId, String seed, boolean fallback) {
    ObjectNode key = Http.JSON.createObjectNode().put("key", key(seed));
    if (fallback) {
      key.put("fallback", true);
    }
    key.putObject("signatures")
        .putObject(userId)
        .put("ed25519:" + deviceId, signature(seed + userId + deviceId));
    return key;
  }

  /**
   * A key id as vodozemac writes them: base64 of a big-endian counter, without padding (6
   * characters for counters below 2^32 in older clients, 11 in current ones).
   */
  public static String keyId(long counter, boolean longForm) {
    if (longForm) {
      byte[] bytes = new byte[8];
      for (int i = 7; i >= 0; i--) {
        bytes[i] = (byte) (counter >>> (8 * (7 - i)));
      }
      return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }
    byte[] bytes = new byte[4];
    for (int i = 3; i >= 0; i--) {
      bytes[i] = (byte) (counter >>> (8 * (3 - i)));
    }
    return Base64.getEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] sha256(String seed) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
