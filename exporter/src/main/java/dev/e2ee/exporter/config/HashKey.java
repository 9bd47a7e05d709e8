package dev.e2ee.exporter.config;

/** The HMAC key for hashed user labels; its bytes never reach a toString, log or page. */
public final class HashKey {
  private final byte[] key;

  public HashKey(byte[] key) {
    this.key = key.clone();
  }

  public byte[] bytes() {
    return key.clone();
  }

  @Override
  public String toString() {
    return "HashKey[" + key.length + " bytes]";
  }
}
