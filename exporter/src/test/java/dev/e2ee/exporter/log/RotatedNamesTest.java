package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The names rotation gives old Synapse logs: Python's TimedRotatingFileHandler (Synapse's default
 * {@code log.config}), RotatingFileHandler and logrotate, and what is no rotation at all.
 */
class RotatedNamesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "homeserver.log.2026-11-24, true, homeserver.log",
    "homeserver.log.2026-11-24_23, true, homeserver.log",
    "homeserver.log.2026-11-24_23-59-59, true, homeserver.log",
    "homeserver.log.1, true, homeserver.log",
    "homeserver.log.12.gz, true, homeserver.log",
    "homeserver.log-20261124, true, homeserver.log",
    "homeserver.log-2026112423, true, homeserver.log",
    "homeserver.log-20261124.gz, true, homeserver.log",
    "homeserver.log.gz, true, homeserver.log",
    "homeserver.log, false, homeserver.log",
    "worker1.log, false, worker1.log",
    "homeserver.log.old, false, homeserver.log.old",
    "homeserver.log-2026, false, homeserver.log-2026",
  })
  void aRotatedNameIsKnownAndLeadsBackToItsFile(String name, boolean rotated, String base) {
    assertThat(RotatedNames.isRotated(name)).isEqualTo(rotated);
    assertThat(RotatedNames.baseOf(name)).isEqualTo(base);
  }

  @ParameterizedTest(name = "{1} of {0}: {2}")
  @CsvSource({
    "homeserver.log, homeserver.log.1, true",
    "homeserver.log, homeserver.log.2026-11-24, true",
    "homeserver.log, homeserver.log-20261124.gz, true",
    "homeserver.log, homeserver.log, false",
    "homeserver.log, worker1.log.1, false",
    "homeserver.log, homeserver.log.old, false",
    "homeserver.log.1, homeserver.log.1.gz, false",
    "worker1.log, worker1.log.2, true",
    "worker1.log, worker11.log.2, false",
  })
  void aRotationOfAFileIsItsNameAndOneSuffix(String base, String candidate, boolean expected) {
    assertThat(RotatedNames.isRotationOf(base, candidate)).isEqualTo(expected);
  }
}
