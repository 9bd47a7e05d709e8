package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.LogFormat;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.Scrape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A storm from one device names its client and release on /metrics, bounded like any device. */
class DeviceClientInfoTest {
  static final String DESKTOP_1_12_8 =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Element/1.12.8 Chrome/142.0.7444.175 Electron/39.2.3 Safari/537.36";
  static final String ANDROID =
      "Element/1.6.6 (samsung SM-S916B; Android 13; TP1A.220624.014.S916BXXS3AWIF; Flavour"
          + " GooglePlay; MatrixAndroidSdk2 1.6.6)";

  static List<String> upload(String request, String device, String agent) {
    return LogProgramVariantsTest.rejectedUpload("2026-11-25 10:00:02,000", request, device)
        .stream()
        .map(l -> l.replace("\"Element\" [0 dbevts]", "\"" + agent + "\" [0 dbevts]"))
        .toList();
  }

  static String info(String device, String client, String version) {
    return ("synapse_e2ee_device_client_info{client=\"%s\",device=\"%s\","
            + "user=\"@alice:example.org\",version=\"%s\"}")
        .formatted(client, device, version);
  }

  @Test
  void theStormingDeviceIsNamedWithItsClientAndRelease() {
    ProgramHarness h = new ProgramHarness();
    for (int i = 0; i < 20; i++) {
      h.feed("f", upload("POST-" + (100 + i), "STORMDEV", DESKTOP_1_12_8));
    }
    h.feed("f", upload("POST-200", "PHONE", ANDROID));
    Scrape s = h.settle();
    assertThat(s.valueOrFail(info("STORMDEV", "Element Desktop", "1.12.8"))).isEqualTo(1);
    assertThat(s.valueOrFail(info("PHONE", "Element Android", "1.6.6"))).isEqualTo(1);
    assertThat(s.countSeries("synapse_e2ee_device_client_info{")).isEqualTo(2);
  }

  @Test
  void anUpdateReplacesTheDevicesSeries() {
    ProgramHarness h = new ProgramHarness();
    h.feed("f", upload("POST-1", "STORMDEV", DESKTOP_1_12_8.replace("1.12.8", "1.12.7")));
    h.feed("f", upload("POST-2", "STORMDEV", DESKTOP_1_12_8));
    Scrape s = h.settle();
    assertThat(s.countSeries("synapse_e2ee_device_client_info{")).isEqualTo(1);
    assertThat(s.valueOrFail(info("STORMDEV", "Element Desktop", "1.12.8"))).isEqualTo(1);
  }

  @Test
  void devicesBeyondTheCapAreRefusedAndCounted() {
    ProgramHarness h = new ProgramHarness(LogFormat.TEXT, UserIdMode.FULL, 2);
    for (int d = 0; d < 5; d++) {
      h.feed("f", upload("POST-" + (100 + d), "DEV" + d, ANDROID));
    }
    Scrape s = h.settle();
    assertThat(s.countSeries("synapse_e2ee_device_client_info{")).isEqualTo(2);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_device_client_info\"}"))
        .isEqualTo(3);
  }

  @Test
  void structuredJsonLogsNameTheClientToo() {
    // In JSON the agent's quotes are escaped inside the "log" field.
    String access =
        LogProgramVariantsTest.ACCESS.replace("\\\"Element\\\"", "\\\"" + ANDROID + "\\\"");
    ProgramHarness h = new ProgramHarness(LogFormat.JSON, UserIdMode.FULL, 500);
    h.feed(
        "json.log",
        List.of(
            LogProgramVariantsTest.json(
                "synapse.handlers.e2e_keys",
                "POST-7",
                LogProgramVariantsTest.ADDING.replace("'D1'", "'PHONE'")),
            LogProgramVariantsTest.json(
                "synapse.http.server", "POST-7", LogProgramVariantsTest.CONFLICT),
            LogProgramVariantsTest.json("synapse.access.http.8008", "POST-7", access)));
    assertThat(h.settle().valueOrFail(info("PHONE", "Element Android", "1.6.6"))).isEqualTo(1);
  }
}
