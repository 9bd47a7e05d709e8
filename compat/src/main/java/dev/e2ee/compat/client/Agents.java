package dev.e2ee.compat.client;

/**
 * User agents of real clients, as Synapse receives them (and stores in {@code devices.user_agent}).
 * The expected family is what the exporter's documentation says it reports for each.
 */
public enum Agents {
  /** Element Desktop 1.12.8 (Electron): the client of the storm in Synapse issue 19392. */
  ELEMENT_DESKTOP(
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Element/1.12.8"
          + " Chrome/138.0.7204.97 Electron/37.2.0 Safari/537.36",
      "Element Desktop",
      "1.12.8"),
  /** Element X Android as it sends its agent (matrix-rust-sdk underneath). */
  ELEMENT_X_ANDROID(
      "Element X/25.04.3 (Android 15; 2025050700; Sdk d36b2a686)", "Element X Android", "25.04.3"),
  /** matrix-rust-sdk's default when the application sets no agent of its own. */
  RUST_SDK("matrix-rust-sdk", "matrix-rust-sdk", ""),
  /** Element Web in Firefox, for the devices that only sync or send. */
  ELEMENT_WEB(
      "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0", "browser", "");

  private final String header;
  private final String family;
  private final String version;

  Agents(String header, String family, String version) {
    this.header = header;
    this.family = family;
    this.version = version;
  }

  public String header() {
    return header;
  }

  public String family() {
    return family;
  }

  public String version() {
    return version;
  }
}
