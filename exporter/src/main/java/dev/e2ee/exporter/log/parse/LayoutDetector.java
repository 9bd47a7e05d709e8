package dev.e2ee.exporter.log.parse;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code format: auto}: tells a file's layout from its first records and keeps to it. When {@value
 * #SWITCH_AFTER} lines in a row are not records of the current layout but are of another one
 * (Synapse's log config changed, the file now comes from another route), it switches and counts the
 * change; the lines before the switch stay counted as what they looked like then. Keeps state (its
 * candidates may too): one instance per file.
 */
public final class LayoutDetector implements RecordParser {
  static final int SWITCH_AFTER = 3;

  /** A layout by the name {@code check}, the landing page and the metrics give it. */
  public record Candidate(String name, RecordParser parser) {}

  private final List<Candidate> candidates;
  private @Nullable Candidate current;
  private int misses;
  private long changes;

  public LayoutDetector(List<Candidate> candidates) {
    this.candidates = List.copyOf(candidates);
  }

  /** Synapse's own formatters: text ({@code precise}) or structured JSON. */
  public static LayoutDetector synapseOwn(ZoneId zone) {
    return new LayoutDetector(
        List.of(
            new Candidate("text", new TextRecordParser(zone)),
            new Candidate("json", new JsonRecordParser())));
  }

  /** Every layout the exporter reads, Synapse's own first. */
  public static LayoutDetector any(ZoneId zone, Clock clock, int maxLineChars) {
    return new LayoutDetector(
        List.of(
            new Candidate("text", new TextRecordParser(zone)),
            new Candidate("json", new JsonRecordParser()),
            new Candidate("syslog", new SyslogRecordParser(zone, clock)),
            new Candidate("docker-json", new DockerJsonParser(synapseOwn(zone), maxLineChars)),
            // journalctl --output=json saved to a file, or piped into replay.
            new Candidate("journald", new JournalRecordParser(zone))));
  }

  @Override
  public ParseOutcome parse(String line, LogRecord r) {
    Candidate now = current;
    if (now == null) {
      ParseOutcome first = null;
      for (Candidate c : candidates) {
        ParseOutcome o = c.parser().parse(line, r);
        if (o == ParseOutcome.RECORD || o == ParseOutcome.JOINED) {
          current = c;
          return o;
        }
        if (first == null) {
          first = o;
        }
      }
      return first == null ? ParseOutcome.UNRECOGNISED_LAYOUT : first;
    }
    ParseOutcome outcome = now.parser().parse(line, r);
    if (outcome != ParseOutcome.UNRECOGNISED_LAYOUT && outcome != ParseOutcome.INVALID_JSON) {
      if (outcome == ParseOutcome.RECORD || outcome == ParseOutcome.JOINED) {
        misses = 0;
      }
      return outcome;
    }
    for (Candidate other : candidates) {
      if (other.equals(now)) {
        continue;
      }
      // Parsed into r directly: a switch keeps this line's record (a stateful candidate must not
      // see the line twice); without a switch the outcome returned says r holds nothing.
      ParseOutcome o = other.parser().parse(line, r);
      if (o == ParseOutcome.RECORD || o == ParseOutcome.JOINED) {
        if (++misses >= SWITCH_AFTER) {
          current = other;
          misses = 0;
          changes++;
          return o;
        }
        break;
      }
    }
    return outcome;
  }

  @Override
  public String synapseText(String line) {
    Candidate c = current;
    return c == null ? line : c.parser().synapseText(line);
  }

  /** The layout detected, or {@code undetected} before the first record. */
  public String layout() {
    Candidate c = current;
    if (c == null) {
      return "undetected";
    }
    if (c.parser() instanceof DockerJsonParser docker
        && docker.inner() instanceof LayoutDetector inner) {
      return c.name() + "/" + inner.layout();
    }
    return c.name();
  }

  /** Times the layout changed after it was first detected. */
  public long changes() {
    return changes;
  }
}
