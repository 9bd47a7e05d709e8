package dev.e2ee.exporter.log.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code journalctl --output=json}: Synapse's line is in {@code MESSAGE} (a string, or
 * an array of bytes when it was not valid UTF-8), in Synapse's own text or JSON layout or in the
 * Debian package's journal shape {@code name: [request] message}, which carries no time: then
 * {@code __REALTIME_TIMESTAMP} (microseconds) is the record's time. {@code SYSLOG_IDENTIFIER[_PID]}
 * stands for the process, so request ids join per process as they do per worker file.
 */
public final class JournalRecordParser implements RecordParser {
  private final TextRecordParser text;
  private final JsonRecordParser json = new JsonRecordParser();
  private String message = "";

  public JournalRecordParser(ZoneId zone) {
    this.text = new TextRecordParser(zone);
  }

  @Override
  public String layout() {
    return "journald";
  }

  @Override
  public ParseOutcome parse(String line, LogRecord r) {
    if (line.isEmpty()) {
      return ParseOutcome.EMPTY;
    }
    // MESSAGE, __REALTIME_TIMESTAMP, _PID, SYSLOG_IDENTIFIER
    String[] f = new String[4];
    boolean object =
        JsonLine.read(
            line,
            (name, value, p) -> {
              switch (name) {
                case "MESSAGE" ->
                    f[0] = value == JsonToken.START_ARRAY ? bytes(p) : JsonLine.text(value, p);
                case "__REALTIME_TIMESTAMP" -> f[1] = JsonLine.text(value, p);
                case "_PID" -> f[2] = JsonLine.text(value, p);
                case "SYSLOG_IDENTIFIER" -> f[3] = JsonLine.text(value, p);
                default -> p.skipChildren();
              }
            });
    if (!object) {
      return ParseOutcome.INVALID_JSON;
    }
    String msg = f[0];
    String realtime = f[1];
    String pid = f[2];
    String ident = f[3];
    if (msg == null || realtime == null) {
      return ParseOutcome.INVALID_JSON;
    }
    message = msg;
    ParseOutcome own = text.parse(msg, r);
    if (own != ParseOutcome.RECORD && msg.startsWith("{")) {
      own = json.parse(msg, r);
    }
    if (own == ParseOutcome.RECORD) {
      if (r.worker == null) {
        r.worker = process(ident, pid);
      }
      return own;
    }
    if (SyslogRecordParser.body(msg, 0, r)) {
      r.text = msg;
      try {
        r.timestampMillis = Long.parseLong(realtime) / 1000;
      } catch (NumberFormatException e) {
        return ParseOutcome.INVALID_JSON;
      }
      r.worker = process(ident, pid);
      return ParseOutcome.RECORD;
    }
    return ContinuationLines.looksLikeContinuation(msg)
        ? ParseOutcome.CONTINUATION
        : ParseOutcome.UNRECOGNISED_LAYOUT;
  }

  @Override
  public String synapseText(String line) {
    return message;
  }

  private static String process(@Nullable String ident, @Nullable String pid) {
    return (ident == null ? "journal" : ident) + (pid == null ? "" : "[" + pid + "]");
  }

  /** journalctl writes a MESSAGE that is not valid UTF-8 as an array of byte values. */
  private static String bytes(JsonParser p) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
      out.write(p.getIntValue());
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
