package dev.e2ee.exporter.log.parse;

import java.util.List;

/**
 * The shape of a line that may continue a record: indented, a traceback header, or an exception
 * line. Shape alone is only a hint; {@link ContinuationTracker} decides with what came before.
 */
final class ContinuationLines {
  /** How the name of an exception on a traceback's last line ends. */
  private static final List<String> EXCEPTION_ENDINGS =
      List.of(
          "Error",
          "Exception",
          "Failure",
          "Exit",
          "Interrupt",
          "Warning",
          "Lost",
          "Done",
          "Timeout");

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
        || (first != '{' && first != '@' && isExceptionLine(line));
  }

  /**
   * The last line of a traceback: "synapse.api.errors.SynapseError: 403: ..." or "ValueError". The
   * shape the regular expression {@code [A-Za-z_][\w.]*(Error|...|Timeout)(:.*)?} matches, read in
   * one pass: a name that runs to the end of the line or to a colon ends with one of the endings
   * after at least one character. Written out because the expression backtracked through every
   * character of a long name ("psycopg2.errors.QueryCanceled: ...") on every such line.
   */
  static boolean isExceptionLine(String line) {
    int n = line.length();
    if (n == 0 || !(isLetter(line.charAt(0)) || line.charAt(0) == '_')) {
      return false;
    }
    int end = 1;
    while (end < n && isNameChar(line.charAt(end))) {
      end++;
    }
    if (end < n && (line.charAt(end) != ':' || hasLineTerminator(line, end + 1))) {
      return false;
    }
    for (String ending : EXCEPTION_ENDINGS) {
      if (end > ending.length() && line.startsWith(ending, end - ending.length())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isNameChar(char c) {
    return isLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.';
  }

  /** A character {@code .} does not match, so {@code (:.*)} could not take the rest. */
  private static boolean hasLineTerminator(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return true;
      }
    }
    return false;
  }
}
