package dev.e2ee.exporter.log.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Synapse's asctime, local time without a zone, read in the configured zone: the first stamp of the
 * Synapse 1.160.0 log (replay/real-synapse/homeserver.log) and the same stamp moved to where the
 * parsing could go wrong - DST changes, a leap day, impossible dates.
 */
class SynapseTimestampTest {
  @ParameterizedTest(name = "{1} in {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          UTC           | 2026-12-06 06:54:57,562 | 2026-12-06T06:54:57.562Z
          UTC           | 2026-12-06 06:54:57.562 | 2026-12-06T06:54:57.562Z
          Europe/Berlin | 2026-12-06 07:54:57,562 | 2026-12-06T06:54:57.562Z
          Europe/Berlin | 2026-07-06 08:54:57,562 | 2026-07-06T06:54:57.562Z
          Europe/Berlin | 2026-03-29 01:59:59,999 | 2026-03-29T00:59:59.999Z
          Europe/Berlin | 2026-03-29 03:00:00,000 | 2026-03-29T01:00:00Z
          Europe/Berlin | 2026-10-25 03:00:00,000 | 2026-10-25T02:00:00Z
          UTC           | 2028-02-29 23:59:59,999 | 2028-02-29T23:59:59.999Z
          UTC           | 2026-02-29 06:54:57,562 | not a time
          UTC           | 2026-13-06 06:54:57,562 | not a time
          UTC           | 2026-12-06 24:54:57,562 | not a time
          UTC           | 2026-12-06 06:54:57;562 | not a time
          UTC           | 2026-12-06 06:54:57     | not a time
          UTC           | 2026-12-06T06:54:57,562 | not a time
          """)
  void eachStampIsReadInItsZone(String zone, String stamp, String expected) {
    long millis = new SynapseTimestamp(ZoneId.of(zone)).parse(stamp, 0);
    assertThat(millis == Long.MIN_VALUE ? "not a time" : Instant.ofEpochMilli(millis).toString())
        .isEqualTo(expected);
  }
}
