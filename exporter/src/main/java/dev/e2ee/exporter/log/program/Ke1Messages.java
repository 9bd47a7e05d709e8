package dev.e2ee.exporter.log.program;

import dev.e2ee.exporter.domain.KeyHash;
import dev.e2ee.exporter.domain.KeyValues;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The KE-1 message texts of {@code synapse.handlers.e2e_keys} and {@code synapse.http.server}. */
final class Ke1Messages {
  static final String ADDING = "Adding one_time_keys ";
  static final String UPDATING_DEVICE_KEYS = "Updating device_keys for device ";
  static final String CLAIMED = "Claimed one-time-keys: ";
  static final String CONFLICT_MARK = "One time key ";

  private static final String FOR_DEVICE = " for device '";
  private static final String FOR_USER = "' for user '";
  private static final String AT = "' at ";
  private static final Pattern UPDATING_IDS =
      Pattern.compile("^Updating device_keys for device '([^']*)' for user (\\S+) at \\d+$");
  private static final String CONFLICT_START = "SynapseError: 400 - One time key ";
  private static final String ALREADY_EXISTS = " already exists. Old key: ";
  private static final String NEW_KEY = "; new key: ";
  private static final String JSON_KEY = "\"key\"";
  private static final String PYTHON_KEY = "'key'";

  /**
   * Synapse joins the entries with "," and no space ({@code ','.join(...)} in e2e_keys.py); a comma
   * counts as a separator only where the next entry, "<alg>:<id> for ", starts, so a comma inside a
   * device id cannot split an entry. ", " (older hand-written excerpts) is read too.
   */
  private static final Pattern CLAIM_SEPARATOR = Pattern.compile(",\\s?(?=[^\\s,]+:[^\\s,]+ for )");

  private static final String FOR = " for ";

  private Ke1Messages() {}

  /** [device, user] from an "Adding one_time_keys" or "Updating device_keys" message, or null. */
  static String @Nullable [] uploader(String message) {
    if (message.startsWith(ADDING)) {
      return addingIds(message);
    }
    Matcher u = UPDATING_IDS.matcher(message);
    if (u.matches()) {
      return new String[] {u.group(1), u.group(2)};
    }
    return null;
  }

  /**
   * "... for device 'D' for user 'U' at 1764064802000": read with index arithmetic, not a regex,
   * because a KE-1 storm writes one of these per upload (replay reads them by the hundred
   * thousand).
   */
  private static String @Nullable [] addingIds(String message) {
    int device = message.lastIndexOf(FOR_DEVICE);
    if (device < 0) {
      return null;
    }
    int deviceFrom = device + FOR_DEVICE.length();
    int deviceTo = message.indexOf('\'', deviceFrom);
    if (deviceTo < 0 || !message.startsWith(FOR_USER, deviceTo)) {
      return null;
    }
    int userFrom = deviceTo + FOR_USER.length();
    int userTo = message.indexOf('\'', userFrom);
    if (userTo < 0
        || !message.startsWith(AT, userTo)
        || !digitsToEnd(message, userTo + AT.length())) {
      return null;
    }
    return new String[] {
      message.substring(deviceFrom, deviceTo), message.substring(userFrom, userTo)
    };
  }

  private static boolean digitsToEnd(String s, int from) {
    if (from >= s.length()) {
      return false;
    }
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** A parsed conflict: algorithm, key id, whether the two key values differ, and their hashes. */
  record Conflict(
      String algorithm,
      String keyId,
      KeyValues keyValues,
      @Nullable String storedKeyHash,
      @Nullable String uploadedKeyHash) {}

  /**
   * "SynapseError: 400 - One time key ALG:ID already exists. Old key: {...}; new key: {...}", read
   * with index arithmetic: one per rejected upload, the hottest message of a storm.
   */
  static @Nullable Conflict conflict(String message) {
    return conflict(message, 0, message.length());
  }

  /**
   * As {@link #conflict(String)} for the message that stands in {@code text[from, to)}: a storm's
   * conflict lines are a fifth of a busy log's lines, and copying each message out first was a
   * tenth of the bytes a catch-up allocated.
   */
  static @Nullable Conflict conflict(String text, int from, int to) {
    // Only the last search needs the end: "; new key: " must lie inside the message, after
    // everything the searches before it found, so a find past the end comes to null there.
    int start = text.indexOf(CONFLICT_START, from);
    if (start < 0) {
      return null;
    }
    int idFrom = start + CONFLICT_START.length();
    int space = text.indexOf(' ', idFrom);
    int colon = text.indexOf(':', idFrom);
    if (space < 0 || colon <= idFrom || colon >= space - 1 || hasWhitespace(text, idFrom, colon)) {
      return null;
    }
    if (!text.startsWith(ALREADY_EXISTS, space)) {
      return null;
    }
    int oldFrom = space + ALREADY_EXISTS.length();
    int separator = text.lastIndexOf(NEW_KEY, to - NEW_KEY.length()); // -1 below 0 too
    if (separator < oldFrom) {
      return null;
    }
    @Nullable String oldValue = quotedAfterKey(text, oldFrom, separator, '"');
    @Nullable String newValue = quotedAfterKey(text, separator + NEW_KEY.length(), to, '\'');
    return new Conflict(
        text.substring(idFrom, colon),
        text.substring(colon + 1, space),
        KeyValues.compare(oldValue, newValue),
        KeyHash.of(oldValue),
        KeyHash.of(newValue));
  }

  private static boolean hasWhitespace(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The value of the first {@code <q>key<q> : <q>VALUE<q>} in {@code s[from, to)}: Synapse writes
   * the stored key as JSON (double quotes) and the uploaded one as a Python dict (single quotes).
   */
  private static @Nullable String quotedAfterKey(String s, int from, int to, char quote) {
    String key = quote == '"' ? JSON_KEY : PYTHON_KEY; // not concatenated per line
    for (int at = s.indexOf(key, from); at >= 0 && at < to; at = s.indexOf(key, at + 1)) {
      int i = skipSpaces(s, at + key.length(), to);
      if (i >= to || s.charAt(i) != ':') {
        continue;
      }
      i = skipSpaces(s, i + 1, to);
      if (i >= to || s.charAt(i) != quote) {
        continue;
      }
      int end = s.indexOf(quote, i + 1);
      if (end < 0 || end >= to) {
        return null;
      }
      return s.substring(i + 1, end);
    }
    return null;
  }

  private static int skipSpaces(String s, int from, int to) {
    int i = from;
    while (i < to && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * Calls {@code claim(user, device)} for each "<alg>:<id> for <user>:<device>" of a claims
   * message; returns how many entries were not of that shape (counted by the caller, never
   * guessed). The device is after the last ':', since a user id holds one or more ':' itself
   * ({@code @carol:hs.example:8448}).
   */
  static int claims(String message, BiConsumer<String, String> claim) {
    String list = message.substring(CLAIMED.length());
    if (list.isBlank()) {
      return 0;
    }
    int unread = 0;
    for (String entry : CLAIM_SEPARATOR.split(list, -1)) {
      int forAt = entry.indexOf(FOR);
      String owner = forAt < 0 ? "" : entry.substring(forAt + FOR.length()).strip();
      int lastColon = owner.lastIndexOf(':');
      if (forAt <= 0
          || !owner.startsWith("@")
          || lastColon <= owner.indexOf(':')
          || lastColon == owner.length() - 1) {
        unread++;
        continue;
      }
      claim.accept(owner.substring(0, lastColon), owner.substring(lastColon + 1));
    }
    return unread;
  }
}
