package dev.e2ee.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseRoleTest {
  @ParameterizedTest
  @CsvSource({"POLL, polled, true, poll", "CONFIRM, confirms, false, confirm"})
  void eachRoleSaysWhatItReadsAndWhetherItChoosesTheWatchedDevices(
      DatabaseRole role, String infoValue, boolean listsDevices, String asWritten) {
    assertThat(role.infoValue()).isEqualTo(infoValue);
    assertThat(role.listsDevices()).isEqualTo(listsDevices);
    // The config file's spelling: what ConfigLoader accepts and error messages name.
    assertThat(role).hasToString(asWritten);
  }
}
