package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.Scrape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lines as a real Synapse (Debian's 1.160.0, default log config) wrote them, where our own
 * imitation of its log had the shape wrong. Each test names what the exporter got wrong before.
 */
class RealSynapseLinesTest {
  static final String FILE = "/var/log/matrix-synapse/homeserver.log";

  private static Scrape feed(String... lines) {
    ProgramHarness harness = new ProgramHarness();
    harness.feed(FILE, List.of(lines));
    return harness.settle();
  }

  /** Every label value of every sample of {@code metric}. */
  private static List<String> labelValues(Scrape scrape, String metric) {
    return scrape
        .text()
        .lines()
        .filter(l -> l.startsWith(metric + "{"))
        .flatMap(
            l -> List.of(l.substring(l.indexOf('{') + 1, l.lastIndexOf('}')).split("\",")).stream())
        .map(kv -> kv.substring(kv.indexOf('"') + 1).replace("\"", ""))
        .toList();
  }

  @Test
  void oneClaimOfSeveralUsersDevicesCountsEachDeviceOnce() {
    // Before: the first device's claim was lost and a series with
    // user="@alice:hs:ALICELAPTOP,signed_curve25519:AAAAHw_for_@bob:hs" appeared.
    Scrape scrape =
        feed(
            "2026-12-05 10:00:04,000 - synapse.handlers.e2e_keys - 819 - INFO - POST-6 -"
                + " Claimed one-time-keys: signed_curve25519:AAAAAw for @alice:hs:ALICELAPTOP,"
                + "signed_curve25519:AAAAHw for @bob:hs:BOBPHONE");
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_otk_claims_total{device=\"ALICELAPTOP\",user=\"@alice:hs\"}"))
        .isEqualTo(1);
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_otk_claims_total{device=\"BOBPHONE\",user=\"@bob:hs\"}"))
        .isEqualTo(1);
    assertThat(scrape.countSeries("synapse_e2ee_otk_claims_total")).isEqualTo(2);
    assertThat(labelValues(scrape, "synapse_e2ee_otk_claims_total"))
        .isNotEmpty()
        .noneMatch(v -> v.contains(",") || v.contains("25519:") || v.contains("_for_"));
  }

  private static double skipped(Scrape scrape, String reason) {
    return scrape.valueOrFail(
        "synapse_e2ee_log_lines_skipped_total{file=\"" + FILE + "\",reason=\"" + reason + "\"}");
  }

  @Test
  void aValidationErrorsLinesContinueItsRecordAndDoNotFeedTheLayoutAlert() {
    // Synapse's input validation (pydantic) writes a multi-line message: the locations are not
    // indented. Before: all six lines after the record counted as unrecognised_layout.
    Scrape scrape =
        feed(
            "2026-12-05 10:00:05,100 - synapse.http.server - 130 - INFO - POST-9 -"
                + " <XForwardedForRequest at 0x7f1c2b3a4d50 method='POST'"
                + " uri='/_matrix/client/v3/keys/upload' clientproto='HTTP/1.1' site='8008'>"
                + " SynapseError: 400 - 2 validation errors for KeyUploadRequestBody",
            "one_time_keys.signed_curve25519:AAAAZZ.str",
            "  Input should be a valid string [type=string_type, input_value=42, input_type=int]",
            "    For further information visit https://errors.pydantic.dev/2.11/v/string_type",
            "one_time_keys.signed_curve25519:AAAAZZ.KeyObject",
            "  Input should be a valid dictionary or instance of KeyObject [type=model_type,"
                + " input_value=42, input_type=int]",
            "    For further information visit https://errors.pydantic.dev/2.11/v/model_type",
            "2026-12-05 10:00:05,101 - synapse.access.http.8008 - 461 - INFO - POST-9 - 127.0.0.1"
                + " - 8008 - {@carol:hs} Processed request: 0.003sec/0.001sec ru=(0.002sec,"
                + " 0.000sec) db=(0.000sec/0.000sec/0) 262B 400 \"POST /_matrix/client/v3/keys/upload"
                + " HTTP/1.1\" \"matrix-rust-sdk\" [0 dbevts]",
            // A third unindented line is more than the two errors announced: not this record's.
            "one_time_keys.signed_curve25519:AAAAZZ.str");
    assertThat(skipped(scrape, "continuation")).isEqualTo(6);
    assertThat(skipped(scrape, "unrecognised_layout")).isEqualTo(1);
    assertThat(scrape.valueOrFail("synapse_e2ee_log_records_total{file=\"" + FILE + "\"}"))
        .isEqualTo(2);
  }

  @Test
  void anOldLayoutAccessLineWithoutAClientAddressJoinsItsUpload() {
    // Synapse's old default log config wrote "%(request)s- %(message)s"; with no client address
    // the access message starts "- - 8008". Before: request id "POST-7-", so the upload counted
    // twice, once on its device (incomplete) and once on "unknown".
    Scrape scrape =
        feed(
            "2019-06-03 10:00:02,000 - synapse.handlers.e2e_keys - 145 - INFO - POST-7- Adding"
                + " one_time_keys dict_keys(['signed_curve25519:AAAAAQ']) for device 'OLDDEV' for"
                + " user '@alice:hs' at 1559556002000",
            "2019-06-03 10:00:02,010 - synapse.access.http.8008 - 302 - INFO - POST-7- - - 8008 -"
                + " {@alice:hs} Processed request: 0.012sec/0.001sec (0.008sec, 0.001sec)"
                + " (0.000sec/0.004sec/2) 63B 200 \"POST /_matrix/client/r0/keys/upload"
                + " HTTP/1.1\" \"Riot/0.9\" [0 dbevts]");
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_key_uploads_total{device=\"OLDDEV\",outcome=\"ok\",user=\"@alice:hs\"}"))
        .isEqualTo(1);
    assertThat(scrape.countSeries("synapse_e2ee_key_uploads_total")).isEqualTo(1);
  }

  @Test
  void corsPreflightsAreNeitherKeyUploadsNorToDeviceSends() {
    Scrape scrape =
        feed(
            "2026-12-05 10:00:06,000 - synapse.access.http.8008 - 461 - INFO - OPTIONS-30 -"
                + " 127.0.0.1 - 8008 - {None} Processed request: 0.001sec/0.000sec ru=(0.001sec,"
                + " 0.000sec) db=(0.000sec/0.000sec/0) 0B 204 \"OPTIONS"
                + " /_matrix/client/v3/keys/upload HTTP/1.1\" \"Mozilla/5.0\" [0 dbevts]",
            "2026-12-05 10:00:06,001 - synapse.access.http.8008 - 461 - INFO - OPTIONS-31 -"
                + " 127.0.0.1 - 8008 - {None} Processed request: 0.001sec/0.000sec ru=(0.001sec,"
                + " 0.000sec) db=(0.000sec/0.000sec/0) 0B 204 \"OPTIONS"
                + " /_matrix/client/v3/sendToDevice/m.room.encrypted/txn9 HTTP/1.1\""
                + " \"Mozilla/5.0\" [0 dbevts]");
    assertThat(scrape.countSeries("synapse_e2ee_key_uploads_total")).isZero();
    assertThat(
            scrape.value(
                "synapse_e2ee_to_device_requests_total{code=\"204\",event_type=\"m.room.encrypted\"}"))
        .isEmpty();
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_http_requests_total{code=\"204\",endpoint=\"other\",method=\"OPTIONS\"}"))
        .isEqualTo(2);
  }
}
