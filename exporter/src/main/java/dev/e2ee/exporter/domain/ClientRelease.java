package dev.e2ee.exporter.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The client family and release behind a user agent, from a bounded set of families: what a label
 * may carry instead of the raw agent. Rules come from agents seen in real Synapse logs (see
 * ClientReleaseTest); an agent no rule recognises is {@code other}, never guessed.
 *
 * <p>A plain browser agent is {@code browser}: Element Web, Cinny, Hydrogen and a standalone
 * Element Call all send the browser's own agent, so the agent cannot say which one it is.
 * FluffyChat sends Dart's default agent ({@code Dart/3.3 (dart:io)}), shared by every Dart program,
 * so it is {@code other} as well.
 *
 * @param version the app's own version ({@code 1.12.8}), empty when the agent does not carry it
 */
public record ClientRelease(String family, String version) {
  public static final String ELEMENT_DESKTOP = "Element Desktop";
  public static final String ELEMENT_ANDROID = "Element Android";
  public static final String ELEMENT_IOS = "Element iOS";
  public static final String ELEMENT_X_ANDROID = "Element X Android";
  public static final String ELEMENT_X_IOS = "Element X iOS";
  public static final String SCHILDICHAT = "SchildiChat";
  public static final String NHEKO = "Nheko";
  public static final String MATRIX_RUST_SDK = "matrix-rust-sdk";
  public static final String MAUTRIX = "mautrix";
  public static final String SYNAPSE = "Synapse";
  public static final String BROWSER = "browser";
  public static final String OTHER = "other";

  /** A version label is at most this long and printable ASCII: agents are client-controlled. */
  static final int MAX_VERSION = 32;

  public static final ClientRelease UNKNOWN = new ClientRelease(OTHER, "");

  private static final Pattern PRODUCT = Pattern.compile("([A-Za-z][A-Za-z0-9 .+-]*?)/(\\S+)");
  private static final Pattern MTXCLIENT = Pattern.compile("^mtxclient v\\S+");

  /** For people: "Element Desktop 1.12.8", or the family alone when the version is unknown. */
  public String describe() {
    return version.isEmpty() ? family : family + " " + version;
  }

  /** Classifies a user agent as logged by Synapse or stored in {@code devices.user_agent}. */
  public static ClientRelease of(@Nullable String agent) {
    if (agent == null || agent.isBlank() || agent.equals("-")) {
      return UNKNOWN;
    }
    String a = agent.strip();
    if (a.startsWith("Synapse/")) {
      return release(SYNAPSE, a, "Synapse/");
    }
    if (a.startsWith("mautrix-")) {
      // "mautrix-telegram/0.11.0 mautrix-python/0.14.2 ...": the bridge's own version first.
      Matcher product = PRODUCT.matcher(a);
      return new ClientRelease(MAUTRIX, product.lookingAt() ? version(product.group(2)) : "");
    }
    if (MTXCLIENT.matcher(a).lookingAt()) {
      // Nheko's library; the version it sends is the library's, not Nheko's.
      return new ClientRelease(NHEKO, "");
    }
    if (a.startsWith("nheko/")) {
      return release(NHEKO, a, "nheko/");
    }
    if (a.startsWith("matrix-rust-sdk/")) {
      return release(MATRIX_RUST_SDK, a, "matrix-rust-sdk/");
    }
    if (a.equals("matrix-rust-sdk")) {
      return new ClientRelease(MATRIX_RUST_SDK, ""); // the SDK's default agent: no version
    }
    if (a.startsWith("Element X/") || a.startsWith("ElementX/")) {
      String platform = platform(a);
      if (platform.isEmpty()) {
        return UNKNOWN;
      }
      String family = platform.equals("Android") ? ELEMENT_X_ANDROID : ELEMENT_X_IOS;
      return release(family, a, a.substring(0, a.indexOf('/') + 1));
    }
    boolean electron = a.contains(" Electron/");
    for (String name : new String[] {"SchildiChat/", "Element/", "ElementNightly/", "Riot/"}) {
      int at = a.indexOf(name);
      if (at < 0 || (at > 0 && a.charAt(at - 1) != ' ')) {
        continue;
      }
      if (name.equals("SchildiChat/")) {
        return release(SCHILDICHAT, a, name);
      }
      if (electron) {
        return release(ELEMENT_DESKTOP, a, name);
      }
      if (at == 0) {
        String platform = platform(a);
        if (platform.equals("Android")) {
          return release(ELEMENT_ANDROID, a, name);
        }
        if (platform.equals("iOS")) {
          return release(ELEMENT_IOS, a, name);
        }
      }
    }
    if (a.startsWith("Element dbg/")) {
      return platform(a).equals("Android") ? release(ELEMENT_ANDROID, a, "Element dbg/") : UNKNOWN;
    }
    if (a.startsWith("Mozilla/5.0 (") && !electron) {
      return new ClientRelease(BROWSER, "");
    }
    return UNKNOWN;
  }

  private static ClientRelease release(String family, String agent, String product) {
    int from = agent.indexOf(product) + product.length();
    int to = from;
    while (to < agent.length() && agent.charAt(to) != ' ' && agent.charAt(to) != ';') {
      to++;
    }
    return new ClientRelease(family, version(agent.substring(from, to)));
  }

  /**
   * The platform named in the agent's parentheses (or what is left of them): Android, iOS, or
   * empty.
   */
  private static String platform(String agent) {
    int open = agent.indexOf('(');
    if (open < 0) {
      return "";
    }
    String details = agent.substring(open);
    // "(samsung SM-G950F; Android 9; ...)", or the platform first: Element X Android 25.x writes
    // "(Android 15; 2025050700; Sdk d36b2a686)".
    if (details.contains("; Android ") || details.startsWith("(Android ")) {
      return "Android";
    }
    if (details.contains("; iOS ")
        || details.contains("; iPadOS ")
        || details.startsWith("(iPhone")
        || details.startsWith("(iOS ")) {
      return "iOS";
    }
    return "";
  }

  /** A version label: a leading v dropped, printable ASCII only, bounded length; else empty. */
  static String version(String raw) {
    String v = raw.startsWith("v") ? raw.substring(1) : raw;
    if (v.isEmpty() || v.length() > MAX_VERSION || !Character.isDigit(v.charAt(0))) {
      return "";
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c <= ' ' || c > '~' || c == '"' || c == '\\') {
        return "";
      }
    }
    return v;
  }
}
