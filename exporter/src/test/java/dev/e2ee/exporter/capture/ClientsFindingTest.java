package dev.e2ee.exporter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class ClientsFindingTest {
  private static CaptureQueries.Result devices(List<List<Object>> rows) {
    return new CaptureQueries.Result(
        "devices",
        "SELECT device_id, user_agent FROM devices",
        List.of("device_id", "user_agent"),
        rows,
        null);
  }

  /**
   * User agents as Synapse stored them in public reports: each names its client, and its release
   * where the agent carries one.
   */
  @ParameterizedTest(name = "{1} {2}")
  @CsvFileSource(
      resources = "/dev/e2ee/exporter/domain/client-agents.tsv",
      delimiter = '\t',
      quoteCharacter = '\u0001')
  void deviceFindingNamesTheClientAndRelease(String agent, String family, String version) {
    List<String> findings =
        ClientsFinding.forDevices(devices(List.of(Arrays.asList("DEV1", agent))));
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0))
        .startsWith("device DEV1: client ")
        .contains(family)
        .contains(Objects.requireNonNullElse(version, ""))
        .endsWith(" (devices.user_agent)");
  }

  @Test
  void deviceWithoutAgentIsUnknownNotGuessed() {
    assertThat(ClientsFinding.forDevices(devices(List.of(Arrays.asList("DEV2", null)))))
        .containsExactly("device DEV2: client unknown (no user agent stored) (devices.user_agent)");
  }

  @Test
  void oneFindingPerDeviceInRowOrderAndNoneForNoRows() {
    String agent = "Element/1.11.85 Chrome/128.0.6613.36 Electron/32.0.1";
    assertThat(
            ClientsFinding.forDevices(
                devices(List.of(Arrays.asList("B", null), Arrays.asList("A", agent)))))
        .hasSize(2)
        .satisfies(f -> assertThat(f.get(0)).startsWith("device B:"))
        .satisfies(f -> assertThat(f.get(1)).startsWith("device A:"));
    assertThat(ClientsFinding.forDevices(devices(List.of()))).isEmpty();
  }
}
