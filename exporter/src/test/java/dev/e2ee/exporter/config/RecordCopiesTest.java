package dev.e2ee.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordCopiesTest {

  @Test
  void anUntouchedEditGivesBackAnEqualRecord() {
    assertThat(LogsConfig.DEFAULTS.with(l -> {})).isEqualTo(LogsConfig.DEFAULTS);
    assertThat(DatabaseConfig.DEFAULTS.with(d -> {})).isEqualTo(DatabaseConfig.DEFAULTS);
  }

  @Test
  void eachEditedFieldLandsInItsOwnComponentAndNoOther() {
    LogsConfig edited =
        LogsConfig.DEFAULTS.with(
            l -> {
              l.files = List.of("/a.log", "/b.log");
              l.maxLineBytes = 4096;
              l.positionsFile = Optional.empty();
              l.parseThreads = 3;
            });

    assertThat(edited)
        .isEqualTo(
            new LogsConfig(
                LogsConfig.DEFAULTS.enabled(),
                List.of("/a.log", "/b.log"),
                LogsConfig.DEFAULTS.format(),
                LogsConfig.DEFAULTS.startAt(),
                4096,
                LogsConfig.DEFAULTS.pollInterval(),
                Optional.empty(),
                LogsConfig.DEFAULTS.journald(),
                3));
  }

  @Test
  void componentsOfTheSameTypeAreNotSwapped() {
    // lockTimeout and connectTimeout are both Durations next to each other: a copy by position
    // of the wrong field would pass the type check and still be wrong.
    DatabaseConfig edited =
        DatabaseConfig.DEFAULTS.with(
            d -> {
              d.lockTimeout = Duration.ofMillis(1234);
              d.connectTimeout = Duration.ofMillis(5678);
              d.sslRootCert = Optional.of(Path.of("/etc/ssl/root.pem"));
            });

    assertThat(edited.lockTimeout()).isEqualTo(Duration.ofMillis(1234));
    assertThat(edited.connectTimeout()).isEqualTo(Duration.ofMillis(5678));
    assertThat(edited.statementTimeout()).isEqualTo(DatabaseConfig.DEFAULTS.statementTimeout());
    assertThat(edited.sslRootCert()).contains(Path.of("/etc/ssl/root.pem"));
  }

  record Pair(String left, int right) {}

  /** A builder that forgot the component {@code right}. */
  public static final class Incomplete {
    public String left = "x";
  }

  @Test
  void aBuilderMissingAComponentFailsNamingBothTypes() {
    assertThatThrownBy(() -> RecordCopies.fill(new Pair("a", 1), new Incomplete()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Incomplete must have one public field per component of")
        .hasMessageContaining("Pair");
    assertThatThrownBy(() -> RecordCopies.build(Pair.class, new Incomplete()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Incomplete");
  }
}
