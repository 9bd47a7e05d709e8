package dev.e2ee.exporter.log.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.MutableClock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * What every parser does with a line parsed ahead on another thread: take the answer when its
 * layout gave it, parse the line itself otherwise. Lines of the Synapse 1.160.0 log
 * (replay/real-synapse/homeserver.log).
 */
class RecordParserTest {
  static final String BANNER = RecordParsersTest.BANNER;
  static final String SYSLOG_BANNER = RecordParsersTest.SYSLOG_BANNER;

  @Test
  void theAnswerOfACopyOfTheSameLayoutIsTakenAsIs() {
    RecordParser text = new TextRecordParser(ZoneOffset.UTC);
    RecordParser copy = text.statelessCopy();
    assertThat(copy).isNotNull().isNotSameAs(text);
    LogRecord ahead = new LogRecord();
    ParseOutcome parsed = copy.parse(BANNER, ahead);
    LogRecord here = new LogRecord();
    assertThat(text.parseOrAdopt(BANNER, here, copy.layout(), parsed))
        .isEqualTo(ParseOutcome.RECORD);
    assertThat(here.text()).as("taken, not parsed again").isEmpty();
    assertThat(ahead.logger()).isEqualTo("synapse.config.logger");
  }

  @Test
  void anAnswerOfAnotherLayoutOrNoneIsParsedAgain() {
    RecordParser text = new TextRecordParser(ZoneOffset.UTC);
    LogRecord here = new LogRecord();
    assertThat(text.parseOrAdopt(SYSLOG_BANNER, here, "json", ParseOutcome.RECORD))
        .isEqualTo(ParseOutcome.UNRECOGNISED_LAYOUT);
    assertThat(text.parseOrAdopt(BANNER, here, null, ParseOutcome.INVALID_JSON))
        .isEqualTo(ParseOutcome.RECORD);
    assertThat(here.message()).isEqualTo("***** STARTING SERVER *****");
  }

  @Test
  void aParserThatKeepsStateHasNoCopyAndAdoptsNothing() {
    RecordParser syslog =
        new SyslogRecordParser(
            ZoneOffset.UTC, new MutableClock(Instant.parse("2026-12-06T12:00:00Z")));
    assertThat(syslog.statelessCopy()).isNull();
    assertThat(syslog.adopt("syslog", ParseOutcome.RECORD)).isFalse();
    LogRecord here = new LogRecord();
    assertThat(syslog.parseOrAdopt(SYSLOG_BANNER, here, "syslog", ParseOutcome.INVALID_JSON))
        .isEqualTo(ParseOutcome.RECORD);
    assertThat(here.worker()).isEqualTo("matrix-synapse[147051]");
    assertThat(syslog.synapseText(SYSLOG_BANNER))
        .isEqualTo("synapse.config.logger: [main] ***** STARTING SERVER *****");
  }
}
