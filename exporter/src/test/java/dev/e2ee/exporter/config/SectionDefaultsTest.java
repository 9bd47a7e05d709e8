package dev.e2ee.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each section's {@code DEFAULTS} is exactly what the loader gives for a file that leaves the
 * section out, so code and tests that start from {@code DEFAULTS} run as a real minimal config.
 */
class SectionDefaultsTest {
  @Test
  void aFileThatLeavesSectionsOutLoadsTheirDefaults() {
    ExporterConfig config =
        ConfigLoader.parse(
            "synapse:\n  server_name: example.org\ndatabase:\n  host: db.example.internal\n",
            "minimal.yml");
    assertThat(config.listen()).isEqualTo(ListenConfig.DEFAULTS);
    assertThat(config.exporter()).isEqualTo(SelfConfig.DEFAULTS);
    assertThat(config.synapse().health()).isEqualTo(HealthProbeConfig.DEFAULTS);
    assertThat(config.logs()).isEqualTo(LogsConfig.DEFAULTS);
    assertThat(config.database())
        .isEqualTo(DatabaseConfig.DEFAULTS.with(d -> d.host = "db.example.internal"));
    assertThat(config.labels()).isEqualTo(LabelsConfig.DEFAULTS);
    assertThat(config.devices()).isEqualTo(DevicesConfig.DEFAULTS);
    assertThat(config.diagnosis()).isEqualTo(DiagnosisConfig.DEFAULTS);
    assertThat(config.ui()).isEqualTo(UiConfig.DEFAULTS);
    assertThat(config.capture()).isEqualTo(CaptureConfig.DEFAULTS);
  }

  @Test
  void anEditChangesWhatItNamesAndCopiesTheRest() {
    LogsConfig edited =
        LogsConfig.DEFAULTS.with(
            l -> {
              l.files = List.of("/tmp/a.log");
              l.positionsFile = Optional.empty();
            });
    assertThat(edited.files()).containsExactly("/tmp/a.log");
    assertThat(edited.positionsFile()).isEmpty();
    assertThat(
            edited.with(
                l -> {
                  l.files = LogsConfig.DEFAULTS.files();
                  l.positionsFile = Optional.of(Path.of(LogsConfig.DEFAULT_POSITIONS_FILE));
                }))
        .isEqualTo(LogsConfig.DEFAULTS);

    // Every field distinct from its neighbours of the same type, so a swapped copy shows.
    DatabaseConfig distinct =
        DatabaseConfig.DEFAULTS.with(
            d -> {
              d.pollInterval = Duration.ofSeconds(31);
              d.statementTimeout = Duration.ofSeconds(6);
              d.lockTimeout = Duration.ofSeconds(2);
              d.connectTimeout = Duration.ofSeconds(7);
            });
    assertThat(distinct.with(d -> {})).isEqualTo(distinct);
    assertThat(distinct.with(d -> d.port = 5433).port()).isEqualTo(5433);
  }
}
