package dev.e2ee.exporter.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToDeviceTypesTest {
  @ParameterizedTest
  @CsvSource({
    "m.room.encrypted, m.room.encrypted",
    "m.room_key_request, m.room_key_request",
    "io.element.call.encryption_keys, io.element.call.encryption_keys",
    "m.key.verification.cancel, m.key.verification.cancel",
    "M.ROOM.ENCRYPTED, other",
    "com.example.custom, other",
    "'', other",
    "other, other"
  })
  void aKnownTypeIsItsOwnLabelAndAnythingElseIsOther(String type, String label) {
    assertThat(ToDeviceTypes.label(type)).isEqualTo(label);
  }

  @Test
  void theLabelsAreTheKnownTypesInOrderThenOtherOnce() {
    assertThat(ToDeviceTypes.labels())
        .startsWith("m.room.encrypted", "io.element.call.encryption_keys")
        .endsWith("m.key.verification.cancel", ToDeviceTypes.OTHER)
        .hasSize(ToDeviceTypes.KNOWN.size() + 1)
        .doesNotHaveDuplicates();
    for (String label : ToDeviceTypes.labels()) {
      assertThat(ToDeviceTypes.label(label)).isEqualTo(label);
    }
  }
}
