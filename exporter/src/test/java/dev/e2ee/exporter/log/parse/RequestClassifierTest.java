package dev.e2ee.exporter.log.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests classified as the KE metrics need them: endpoint, to-device type, delayed-event action
 * ("-" for none). The paths are those Synapse 1.160.0 logged (replay/real-synapse/homeserver.log),
 * plus the r0 prefix, an invented to-device type, a CORS preflight and a federation path, which
 * that log does not have.
 */
class RequestClassifierTest {
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          POST | /_matrix/client/v3/keys/upload | keys_upload | - | -
          POST | /_matrix/client/v3/keys/claim | keys_claim | - | -
          POST | /_matrix/client/r0/keys/query | keys_query | - | -
          GET | /_matrix/client/v3/sync?timeout=0&since=s1_4_0_1_1_1_3_23_0_1_2_1_1_1 | sync | - | -
          PUT | /_matrix/client/v3/sendToDevice/m.room.encrypted/compat8 | send_to_device | m.room.encrypted | -
          PUT | /_matrix/client/v3/sendToDevice/io.element.call.encryption_keys/compat7 | send_to_device | io.element.call.encryption_keys | -
          PUT | /_matrix/client/v3/sendToDevice/com.example.invented/t1 | send_to_device | other | -
          PUT | /_matrix/client/v3/rooms/%21LBiaWUGoByLkeJPJMZ%3Acompat.test/state/org.matrix.msc3401.call.member/_%40frank%3Acompat.test_FRANKCALL_call?org.matrix.msc4140.delay=30000 | delayed_events | - | schedule
          POST | /_matrix/client/unstable/org.matrix.msc4140/delayed_events/syd_RiHCKjYnIhrrgLtwJMJs/restart | update_delayed_event | - | restart
          POST | /_matrix/client/unstable/org.matrix.msc4140/delayed_events/syd_RiHCKjYnIhrrgLtwJMJs/cancel | update_delayed_event | - | cancel
          POST | /_matrix/client/unstable/org.matrix.msc4140/delayed_events/syd_qnPfZBIZWyluZgViwoAP | update_delayed_event | - | update
          GET | /_matrix/client/unstable/org.matrix.msc4140/delayed_events | delayed_events | - | list
          PUT | /_matrix/client/v3/rooms/%21lfJhXkUxVAkqGGrpuz%3Acompat.test/send/m.room.encrypted/compat9 | other | - | -
          POST | /_matrix/client/v3/login | other | - | -
          OPTIONS | /_matrix/client/v3/keys/upload | other | - | -
          GET | /_matrix/key/v2/server | other | - | -
          PUT | /_matrix/client/v3/rooms/%21x%3Ay/send/m.room.message/t2 | other | - | -
          GET | /_matrix/client/v3/sync | sync | - | -
          """)
  void eachRequestIsClassifiedForTheKeMetrics(
      String method, String uri, String endpoint, String toDeviceType, String delayedAction) {
    RequestClassifier c = new RequestClassifier();
    c.classify(method, uri);
    assertClassified(c, endpoint, toDeviceType, delayedAction);

    // The same path read in place, inside an access line whose rest holds what the patterns look
    // for ('?', a delay parameter, "/update_delayed_event"): only the region may count.
    String before = "{@a:b} Processed request: 0.001sec \"" + method + " ";
    String after =
        " HTTP/1.1\" \"agent?org.matrix.msc4140.delay=1/update_delayed_event/sendToDevice/x\"";
    RequestClassifier inPlace = new RequestClassifier();
    inPlace.classify(method, before + uri + after, before.length(), before.length() + uri.length());
    assertClassified(inPlace, endpoint, toDeviceType, delayedAction);
  }

  private static void assertClassified(
      RequestClassifier c, String endpoint, String toDeviceType, String delayedAction) {
    assertThat(c.endpoint().label()).isEqualTo(endpoint);
    String type = c.toDeviceType();
    DelayedAction action = c.delayedAction();
    assertThat(type == null ? "-" : type).isEqualTo(toDeviceType);
    assertThat(action == null ? "-" : action.label()).isEqualTo(delayedAction);
  }
}
