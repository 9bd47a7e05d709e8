package dev.e2ee.exporter.capture;

import dev.e2ee.exporter.domain.KeyHash;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes one kept log line fit for a bundle: access tokens and client secrets redacted, key values
 * and signatures replaced by a short hash (unless key material is asked for), and other users
 * replaced by {@link OtherIdentities}. Works on the text layout and on Synapse's JSON formatter,
 * whose {@code log} field holds the same message with its quotes escaped ({@code \"key\":\"...\"}).
 */
final class LineRedaction {
  private static final Pattern TOKEN =
      Pattern.compile("(access_token|client_secret)=[^&\\s\"\\\\]+");

  /**
   * {@code "key": "v"}, {@code 'key': 'v'} and the JSON-escaped {@code \"key\":\"v\"} (escaped
   * twice when Docker's json-file wraps Synapse's JSON line).
   */
  private static final Pattern KEY_VALUES =
      Pattern.compile("(\\\\*[\"']key\\\\*[\"']\\s*:\\s*\\\\*[\"'])([^\"'\\\\]+)(\\\\*[\"'])");

  private static final Pattern SIGNATURE_VALUES =
      Pattern.compile(
          "(\\\\*[\"']ed25519:[^\"'\\\\]+\\\\*[\"']\\s*:\\s*\\\\*[\"'])([^\"'\\\\]+)(\\\\*[\"'])");

  private final boolean keepKeyMaterial;
  private final OtherIdentities others;

  LineRedaction(boolean keepKeyMaterial, OtherIdentities others) {
    this.keepKeyMaterial = keepKeyMaterial;
    this.others = others;
  }

  String redact(String line) {
    String redacted = others.scrub(TOKEN.matcher(line).replaceAll("$1=<redacted>"));
    if (keepKeyMaterial) {
      return redacted;
    }
    return replaceValues(SIGNATURE_VALUES, replaceValues(KEY_VALUES, redacted));
  }

  private static String replaceValues(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out,
          Matcher.quoteReplacement(m.group(1) + "sha256:" + KeyHash.of(m.group(2)) + m.group(3)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
