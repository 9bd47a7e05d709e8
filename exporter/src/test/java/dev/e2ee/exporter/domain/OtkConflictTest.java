package dev.e2ee.exporter.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.OtkConflictBuilder;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OtkConflictTest {
  @ParameterizedTest
  @CsvSource({
    "@storm:compat.test, STORMDESKTOP, true",
    "@storm:compat.test, , false",
    ", STORMDESKTOP, false",
    ", , false"
  })
  void theDeviceIsKnownOnlyWhenTheLogNamedUserAndDevice(
      String userId, String deviceId, boolean known) {
    OtkConflict conflict = OtkConflictBuilder.at(0).device(userId, deviceId).build();
    assertThat(conflict.device())
        .isEqualTo(known ? Optional.of(new DeviceRef(userId, deviceId)) : Optional.empty());
  }
}
