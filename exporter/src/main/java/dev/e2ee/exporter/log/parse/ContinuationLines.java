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

  private ContinuationLines() {}

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
