package dev.e2ee.exporter.capture;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps every other user out of one user's bundle: a line, cell or evidence text that must stay (a
 * claim by the captured user that also took a key of someone else's device, the sender of a
 * to-device message in their inbox) keeps its shape, but each other user id becomes {@code <other
 * user N>} and the device id Synapse writes right after it ({@code @bob:hs:PHONE} in "Claimed
 * one-time-keys") becomes {@code <their device>}. N is stable within one bundle, so "the same other
 * user twice" stays visible without saying who. One instance per bundle.
 */
public final class OtherIdentities {
  /** A Matrix user id (server name with an optional port), then an optional {@code :DEVICE}. */
  static final Pattern USER_ID =
      Pattern.compile(
          "@[A-Za-z0-9._=\\-/+]+:[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)*"
              + "(?::[0-9]++(?![A-Za-z_\\-]))?(:[A-Za-z0-9_\\-]+)?");

  private final String user;
  private final Map<String, Integer> others = new HashMap<>();

  public OtherIdentities(String user) {
    this.user = user;
  }

  /** The text with every user id but the captured user's replaced. */
  public synchronized String scrub(String text) {
    if (text.indexOf('@') < 0) {
      return text;
    }
    Matcher m = USER_ID.matcher(text);
    StringBuilder out = null;
    int from = 0;
    while (m.find()) {
      String device = m.group(1);
      String id = device == null ? m.group() : m.group().substring(0, m.start(1) - m.start());
      if (id.equals(user)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      int n = others.computeIfAbsent(id, k -> others.size() + 1);
      out.append(text, from, m.start()).append("<other user ").append(n).append('>');
      if (device != null) {
        out.append(":<their device>");
      }
      from = m.end();
    }
    return out == null ? text : out.append(text, from, text.length()).toString();
  }

  /** Whether the text names a user id other than the captured user's. */
  public boolean namesAnother(String text) {
    Matcher m = USER_ID.matcher(text);
    while (m.find()) {
      String id = m.group(1) == null ? m.group() : m.group().substring(0, m.start(1) - m.start());
      if (!id.equals(user)) {
        return true;
      }
    }
    return false;
  }
}
