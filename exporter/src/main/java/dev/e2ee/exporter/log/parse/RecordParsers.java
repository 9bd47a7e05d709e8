package dev.e2ee.exporter.log.parse;

import dev.e2ee.exporter.config.ExporterConfig;
import java.time.Clock;
import java.time.ZoneId;

/**
 * Which parser reads a source: the one for the configured layout, or journald's for a source
 * labelled {@link #JOURNAL_PREFIX}. A new layout is a parser in this package and a case here.
 */
public final class RecordParsers {
  /** Sources whose lines are journalctl's JSON entries are labelled so. */
  public static final String JOURNAL_PREFIX = "journald:";

  private RecordParsers() {}

  /**
   * A parser for the configured layout; a new one per file, since detecting a layout and joining
   * Docker's split lines keep state. Also for a caller that needs a record's time first (replay).
   */
  public static RecordParser forLayout(ExporterConfig config, Clock clock) {
    ZoneId zone = config.synapse().logTimezone();
    return switch (config.logs().format()) {
      case TEXT -> new TextRecordParser(zone);
      case JSON -> new JsonRecordParser();
      case SYSLOG -> new SyslogRecordParser(zone, clock);
      case DOCKER_JSON ->
          new DockerJsonParser(LayoutDetector.synapseOwn(zone), config.logs().maxLineBytes());
      case AUTO -> LayoutDetector.any(zone, clock, config.logs().maxLineBytes());
    };
  }

  /** The parser for one source: journald's for a journal, else the configured layout's. */
  public static RecordParser forSource(String label, ExporterConfig config, Clock clock) {
    return label.startsWith(JOURNAL_PREFIX)
        ? new JournalRecordParser(config.synapse().logTimezone())
        : forLayout(config, clock);
  }
}
