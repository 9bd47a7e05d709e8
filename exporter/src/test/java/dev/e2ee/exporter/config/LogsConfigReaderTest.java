package dev.e2ee.exporter.config;

import static dev.e2ee.exporter.config.YamlSections.section;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogsConfigReaderTest {
  private static LogsConfig read(String entries) {
    return LogsConfigReader.read(section("logs", "logs: {" + entries + "}"));
  }

  @Test
  void aLeftOutSectionReadsTheDefaultFiles() {
    assertThat(LogsConfigReader.read(section("logs", ""))).isEqualTo(LogsConfig.DEFAULTS);
  }

  @Test
  void everyFileKeyIsRead() {
    LogsConfig logs =
        read(
            "files: [/var/log/matrix-synapse/homeserver.log, '/var/log/matrix-synapse/*.log'],"
                + " format: json, start_at: beginning, max_line_bytes: 4096, poll_interval: 250ms,"
                + " positions_file: '', parse_threads: 2");
    assertThat(logs)
        .isEqualTo(
            new LogsConfig(
                true,
                List.of("/var/log/matrix-synapse/homeserver.log", "/var/log/matrix-synapse/*.log"),
                LogFormat.JSON,
                StartAt.BEGINNING,
                4096,
                Duration.ofMillis(250),
                Optional.empty(),
                Optional.empty(),
                2));
  }

  @Test
  void theJournalReplacesTheDefaultFiles() {
    LogsConfig logs =
        read(
            "journald: {unit: matrix-synapse.service, matches: ['SYSLOG_IDENTIFIER=synapse', '+',"
                + " '_PID=42'], directory: /var/log/journal, journalctl: /usr/bin/journalctl}");
    assertThat(logs.files()).isEmpty();
    assertThat(logs.journald())
        .contains(
            new JournaldConfig(
                Optional.of("matrix-synapse.service"),
                List.of("SYSLOG_IDENTIFIER=synapse", "+", "_PID=42"),
                Optional.of(Path.of("/var/log/journal")),
                "/usr/bin/journalctl"));
  }

  @Test
  void disabledLogsNeedNoFiles() {
    assertThat(read("enabled: false, files: []").enabled()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          files: []|key 'logs.files': must name at least one log file
          files: ['']|key 'logs.files': contains an empty path
          files: {a: b}|key 'logs.files'
          format: xml|key 'logs.format'
          start_at: middle|key 'logs.start_at'
          max_line_bytes: 1023|key 'logs.max_line_bytes': must be between 1024 and 67108864
          poll_interval: 5ms|key 'logs.poll_interval'
          poll_interval: 11s|key 'logs.poll_interval'
          parse_threads: -1|key 'logs.parse_threads': must be between 0 and 64
          journald: {}|key 'logs.journald.unit': set unit
          journald: {matches: [synapse]}|key 'logs.journald.matches': each match is FIELD=value
          journald: {matches: ['syslog_identifier=synapse']}|key 'logs.journald.matches'
          journald: {unit: u, user: x}|unknown key 'logs.journald.user'
          start_from: end|unknown key 'logs.start_from' (did you mean 'start_at'?)
          """)
  void aBadValueNamesItsKey(String entries, String message) {
    YamlSections.assertRejected(() -> read(entries), message);
  }
}
