package dev.e2ee.exporter.log;

import dev.e2ee.exporter.config.JournaldConfig;
import dev.e2ee.exporter.config.LogsConfig;
import dev.e2ee.exporter.config.StartAt;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Synapse's journald entries, read by journalctl and resumed after the saved cursor. */
final class JournalStream implements LogStream {
  private static final Logger LOG = LoggerFactory.getLogger(JournalStream.class);

  /** Journal entries handed to the program per round at most, so that ticks keep coming. */
  static final int LINES_PER_ROUND = 50_000;

  private final JournalReader reader;
  private final String label;
  private final LineSink sink;

  /**
   * @param savedCursors the cursors of the positions file, by journal label
   */
  JournalStream(
      JournaldConfig journald, LogsConfig config, Map<String, String> savedCursors, LineSink sink) {
    this.label = JournalReader.label(journald);
    this.sink = sink;
    @Nullable String cursor = savedCursors.get(label);
    reader =
        new JournalReader(
            journald, config.maxLineBytes(), cursor, config.startAt() == StartAt.BEGINNING);
    LOG.info(
        "reading journald ({}) {}",
        label,
        cursor == null ? "from logs.start_at=" + config.startAt() : "after its cursor");
  }

  @Override
  public void start() {
    reader.start();
  }

  @Override
  public void poll() {
    reader.drainTo(line -> sink.accept(label, line), LINES_PER_ROUND);
  }

  @Override
  public void checkpoint(
      long now, Map<String, Positions.Entry> entries, Map<String, String> cursors) {
    String cursor = reader.handedCursor();
    if (cursor != null) {
      cursors.put(label, cursor);
    }
  }

  @Override
  public boolean up() {
    return reader.problem() == null;
  }

  @Override
  public String detail() {
    String problem = reader.problem();
    return "journald: " + (problem == null ? reader.entriesRead() + " entries read" : problem);
  }

  @Override
  public void close() {
    reader.close();
  }
}
