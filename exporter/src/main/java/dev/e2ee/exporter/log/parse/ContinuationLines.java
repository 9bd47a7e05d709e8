package dev.e2ee.exporter.log.parse;

import java.util.regex.Pattern;

/**
 * The shape of a line that may continue a record: indented, a traceback header, or an exception
 * line. Shape alone is only a hint; {@link ContinuationTracker} decides with what came before.
 */
final class ContinuationLines {
  // The last line of a traceback: "synapse.api.errors.SynapseError: 403: ..." or "ValueError".
  private static final Pattern EXCEPTION_LINE =
      Pattern.compile(
          "^[A-Za-z_][\\w.]*(Error|Exception|Failure|Exit|Interrupt|Warning|Lost|Done|Timeout)(:.*)?$");

  private static final String VALIDATION_ERROR = " validation error";

  private ContinuationLines() {}

  /**
   * How many unindented lines a record's message announces: N for pydantic's "N validation error[s]
   * for Model" at the end of the message (Synapse's {@code SynapseError: 400 - ...} of a rejected
   * request body), each error's location being written unindented on a line of its own ({@code
   * one_time_keys.signed_curve25519:AAAAZZ.str}); 0 for any other message.
   */
  static int announcedLines(LogRecord r) {
    int at = r.messageIndexOf(VALIDATION_ERROR);
    if (at < 0) {
      return 0;
    }
    int after = at + VALIDATION_ERROR.length();
    String s = r.text;
    if (after < r.messageTo && s.charAt(after) == 's') {
      after++;
    }
    if (!s.startsWith(" for ", after) || !isIdentifier(s, after + 5, r.messageTo)) {
      return 0;
    }
    int digits = at;
    while (digits > r.messageFrom && Character.isDigit(s.charAt(digits - 1))) {
      digits--;
    }
    if (digits == at
        || at - digits > 3
        || (digits > r.messageFrom && s.charAt(digits - 1) != ' ')) {
      return 0;
    }
    return Integer.parseInt(s, digits, at, 10); // at most 3 digits: bounded
  }

  private static boolean isIdentifier(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }

  static boolean looksLikeContinuation(String line) {
    char first = line.charAt(0);
    if (first == ' ' || first == '\t') {
      return true;
    }
    return line.startsWith("Traceback (most recent call last)")
        || line.startsWith("During handling of the above exception")
        || line.startsWith("The above exception was the direct cause")
        || line.startsWith("--- <exception caught here> ---")
        || (first != '{' && first != '@' && EXCEPTION_LINE.matcher(line).matches());
  }
}
