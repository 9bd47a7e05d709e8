package dev.e2ee.exporter.log.program;

import dev.e2ee.exporter.domain.KeyHash;
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

  private static final Pattern ADDING_IDS =
      Pattern.compile(" for device '([^']*)' for user '([^']*)' at \\d+$");
  private static final Pattern UPDATING_IDS =
      Pattern.compile("^Updating device_keys for device '([^']*)' for user (\\S+) at \\d+$");
  private static final Pattern CONFLICT =
      Pattern.compile(
          "SynapseError: 400 - One time key ([^:\\s]+):(\\S+) already exists\\. Old key: (.*); new key: (.*)$");
  private static final Pattern OLD_KEY_VALUE = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern NEW_KEY_VALUE = Pattern.compile("'key'\\s*:\\s*'([^']*)'");

  private static final Pattern CLAIM_SEPARATOR = Pattern.compile(", ");

  private Ke1Messages() {}

  /** [device, user] from an "Adding one_time_keys" or "Updating device_keys" message, or null. */
  static String @Nullable [] uploader(String message) {
    Matcher m = ADDING_IDS.matcher(message);
    if (message.startsWith(ADDING) && m.find()) {
      return new String[] {m.group(1), m.group(2)};
    }
    Matcher u = UPDATING_IDS.matcher(message);
    if (u.matches()) {
      return new String[] {u.group(1), u.group(2)};
    }
    return null;
  }

  /** A parsed conflict: algorithm, key id, whether the two key values differ, and their hashes. */
  record Conflict(
      String algorithm,
      String keyId,
      @Nullable Boolean valuesDiffer,
      @Nullable String storedKeyHash,
      @Nullable String uploadedKeyHash) {}

  static @Nullable Conflict conflict(String message) {
    Matcher m = CONFLICT.matcher(message);
    if (!m.find()) {
      return null;
    }
    Matcher oldMatch = OLD_KEY_VALUE.matcher(m.group(3));
    Matcher newMatch = NEW_KEY_VALUE.matcher(m.group(4));
    @Nullable String oldValue = oldMatch.find() ? oldMatch.group(1) : null;
    @Nullable String newValue = newMatch.find() ? newMatch.group(1) : null;
    Boolean differ = (oldValue != null && newValue != null) ? !oldValue.equals(newValue) : null;
    return new Conflict(m.group(1), m.group(2), differ, KeyHash.of(oldValue), KeyHash.of(newValue));
  }

  /**
   * Calls {@code claim(user, device)} for each "<alg>:<id> for <user>:<device>" of a claims
   * message.
   */
  static int claims(String message, BiConsumer<String, String> claim) {
    int count = 0;
    String list = message.substring(CLAIMED.length());
    for (String entry : CLAIM_SEPARATOR.split(list, -1)) {
      int forAt = entry.indexOf(" for ");
      if (forAt < 0) {
        continue;
      }
      String owner = entry.substring(forAt + 5).strip();
      int lastColon = owner.lastIndexOf(':');
      if (!owner.startsWith("@") || lastColon <= owner.indexOf(':')) {
        continue;
      }
      claim.accept(owner.substring(0, lastColon), owner.substring(lastColon + 1));
      count++;
    }
    return count;
  }
}
