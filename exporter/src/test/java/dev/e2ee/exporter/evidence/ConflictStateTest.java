package dev.e2ee.exporter.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.domain.ClientRelease;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.testing.OtkConflictBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConflictStateTest {
  private static final long LAST = 1_773_480_413_589L;

  private static ConflictState state(ClientRelease client) {
    OtkConflict last =
        OtkConflictBuilder.at(LAST)
            .device("@storm:compat.test", "STORMDESKTOP")
            .keyId("AAAAAQ")
            .build();
    return new ConflictState(
        "@storm:compat.test", "STORMDESKTOP", last, 3, 7, client, LAST - 60_000);
  }

  @ParameterizedTest
  @CsvSource({
    // a real user agent from replay/real-synapse/homeserver.log
    "'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Element/1.12.8"
        + " Chrome/138.0.7204.97 Electron/37.2.0 Safari/537.36', ' (Element Desktop 1.12.8)'",
    // from domain/client-agents.tsv
    "'Element X/0.4.9 (samsung SM-G950F; Android 9;  Sdk 742700b7f)', ' (Element X Android 0.4.9)'",
    "'mtxclient v0.6.1', ' (Nheko)'",
    "'', ''",
    "'curl/8.5.0', ''"
  })
  void theClientSuffixNamesAKnownClientOnly(String agent, String suffix) {
    assertThat(state(ClientRelease.of(agent)).clientSuffix()).isEqualTo(suffix);
  }

  @Test
  void theDeviceKeyTimeAndSourceAreTheLastConflicts() {
    ConflictState s = state(ClientRelease.UNKNOWN);
    assertThat(s.userId()).isEqualTo("@storm:compat.test");
    assertThat(s.deviceId()).isEqualTo("STORMDESKTOP");
    assertThat(s.lastKeyId()).isEqualTo("AAAAAQ");
    assertThat(s.lastConflictMillis()).isEqualTo(LAST);
    assertThat(s.source()).isEqualTo(s.last().source());
  }

  @ParameterizedTest
  @CsvSource({"0, true", "59999, true", "60000, true", "60001, false", "-5000, true"})
  void stormingWhileTheLogIsQuietForAtMostTheQuietPeriod(long sinceLast, boolean storming) {
    assertThat(state(ClientRelease.UNKNOWN).stormingAt(LAST + sinceLast, 60_000))
        .isEqualTo(storming);
  }
}
