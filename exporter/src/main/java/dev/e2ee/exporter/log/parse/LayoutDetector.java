package dev.e2ee.exporter.log.parse;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code format: auto}: tells a file's layout from its first records and keeps to it. A line that
 * is not a record of the current layout but is one of another layout is that record: a file of
 * excerpts pasted from several reports switches layout every few lines, and no record may be lost
 * to a switch. When {@value #SWITCH_AFTER} such lines come in a row (Synapse's log config changed,
 * the file now comes from another route), the other layout becomes the current one and the change
 * is counted. Keeps state (its candidates may too): one instance per file.
 */
public final class LayoutDetector implements RecordParser {
  static final int SWITCH_AFTER = 3;

  private final List<RecordParser> candidates;
  private @Nullable RecordParser current;
  private int misses;
  private long changes;

  public LayoutDetector(List<RecordParser> candidates) {
    this.candidates = List.copyOf(candidates);
  }

  /** Synapse's own formatters: text ({@code precise}) or structured JSON. */
  public static LayoutDetector synapseOwn(ZoneId zone) {
    return new LayoutDetector(List.of(new TextRecordParser(zone), new JsonRecordParser()));
  }

  /** Every layout the exporter reads, Synapse's own first. */
  public static LayoutDetector any(ZoneId zone, Clock clock, int maxLineChars) {
    return new LayoutDetector(
        List.of(
            new TextRecordParser(zone),
            new JsonRecordParser(),
            new SyslogRecordParser(zone, clock),
            new DockerJsonParser(synapseOwn(zone), maxLineChars),
            // journalctl --output=json saved to a file, or piped into replay.
            new JournalRecordParser(zone)));
  }

  @Override
  public ParseOutcome parse(String line, LogRecord r) {
    RecordParser now = current;
    if (now == null) {
      ParseOutcome first = null;
      for (RecordParser c : candidates) {
        ParseOutcome o = c.parse(line, r);
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
    ParseOutcome outcome = now.parse(line, r);
    if (outcome != ParseOutcome.UNRECOGNISED_LAYOUT && outcome != ParseOutcome.INVALID_JSON) {
      if (outcome == ParseOutcome.RECORD || outcome == ParseOutcome.JOINED) {
        misses = 0;
      }
      return outcome;
    }
    for (RecordParser other : candidates) {
      if (other.equals(now)) {
        continue;
      }
      // Parsed into r directly: the line is read once (a stateful candidate must not see it
      // twice), and its record is kept whether or not the layout switches.
      ParseOutcome o = other.parse(line, r);
      if (o == ParseOutcome.RECORD || o == ParseOutcome.JOINED) {
        if (++misses >= SWITCH_AFTER) {
          current = other;
          misses = 0;
          changes++;
        }
        return o;
      }
    }
    return outcome;
  }

  /** A copy of the current layout's parser, once one is detected and if it keeps no state. */
  @Override
  public @Nullable RecordParser statelessCopy() {
    RecordParser now = current;
    return now == null ? null : now.statelessCopy();
  }

  /**
   * The current layout's answer is this detector's answer unless it says the line is not of that
   * layout (then the other layouts are tried, here); a record of it resets the switch count, as
   * {@link #parse} does.
   */
  @Override
  public boolean adopt(String parsedAs, ParseOutcome parsed) {
    RecordParser now = current;
    if (now == null
        || parsed == ParseOutcome.UNRECOGNISED_LAYOUT
        || parsed == ParseOutcome.INVALID_JSON
        || !now.adopt(parsedAs, parsed)) {
      return false;
    }
    if (parsed == ParseOutcome.RECORD || parsed == ParseOutcome.JOINED) {
      misses = 0;
    }
    return true;
  }

  @Override
  public String synapseText(String line) {
    RecordParser c = current;
    return c == null ? line : c.synapseText(line);
  }

  /** The layout detected, or {@code undetected} before the first record. */
  @Override
  public String layout() {
    RecordParser c = current;
    return c == null ? "undetected" : c.layout();
  }

  /** Times the layout changed after it was first detected. */
  public long changes() {
    return changes;
  }
}
