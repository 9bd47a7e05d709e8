package dev.e2ee.exporter.log.parse;

/**
 * Docker's json-file driver: {@code {"log":"<line>\n","stream":"stderr","time":"..."}} per entry.
 * Lines over 16 KB are split into several entries, only the last ending in a newline: the pieces
 * are held per stream and joined (each held piece counts as {@link ParseOutcome#JOINED}), up to
 * {@code maxLineBytes}, beyond which the rest is dropped as the tailer would cut it. The joined
 * line is Synapse's own output, parsed by {@code inner}. Keeps state: one instance per file.
 */
public final class DockerJsonParser implements RecordParser {
  private final RecordParser inner;
  private final int maxChars;
  private final StringBuilder stdout = new StringBuilder();
  private final StringBuilder stderr = new StringBuilder();
  private String lastInner = "";

  public DockerJsonParser(RecordParser inner, int maxChars) {
    this.inner = inner;
    this.maxChars = maxChars;
  }

  @Override
  public ParseOutcome parse(String line, LogRecord r) {
    if (line.isEmpty()) {
      return ParseOutcome.EMPTY;
    }
    if (line.charAt(0) != '{') {
      return ParseOutcome.UNRECOGNISED_LAYOUT;
    }
    String[] logAndStream = new String[2];
    boolean object =
        JsonLine.read(
            line,
            (name, value, p) -> {
              switch (name) {
                case "log" -> logAndStream[0] = JsonLine.text(value, p);
                case "stream" -> logAndStream[1] = JsonLine.text(value, p);
                default -> p.skipChildren();
              }
            });
    String log = logAndStream[0];
    String stream = logAndStream[1];
    if (!object) {
      return ParseOutcome.INVALID_JSON;
    }
    if (log == null) {
      return ParseOutcome.INVALID_JSON;
    }
    StringBuilder held = "stderr".equals(stream) ? stderr : stdout;
    if (!log.endsWith("\n")) {
      append(held, log);
      return ParseOutcome.JOINED;
    }
    String whole = joined(held, log.substring(0, log.length() - 1));
    if (whole.endsWith("\r")) {
      whole = whole.substring(0, whole.length() - 1);
    }
    lastInner = whole;
    return inner.parse(whole, r);
  }

  private void append(StringBuilder held, String piece) {
    int room = maxChars - held.length();
    if (room > 0) {
      held.append(piece, 0, Math.min(room, piece.length()));
    }
  }

  private String joined(StringBuilder held, String last) {
    if (held.length() == 0) {
      return last;
    }
    append(held, last);
    String whole = held.toString();
    held.setLength(0);
    return whole;
  }

  @Override
  public String synapseText(String line) {
    return lastInner;
  }

  /** The envelope and the layout inside it ({@code docker-json/text}). */
  @Override
  public String layout() {
    return "docker-json/" + inner.layout();
  }
}
