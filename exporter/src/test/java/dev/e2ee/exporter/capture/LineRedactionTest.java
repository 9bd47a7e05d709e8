package dev.e2ee.exporter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Synapse's text layout and its JSON formatter (quotes escaped inside "log") alike. */
class LineRedactionTest {
  static final String JSON_LINE =
      "{\"log\":\"SynapseError: 400 - One time key signed_curve25519:AAAAAAAAAAE already exists."
          + " Old key: {\\\"key\\\":\\\"BZI6HVy6fa2Ln/gFETX44+dy\\\",\\\"signatures\\\":"
          + "{\\\"@storm:compat.test\\\":{\\\"ed25519:STORMDESKTOP\\\":\\\"LRajlsr66GR\\\"}}};"
          + " new key: {'key': 'Rg0UOYl+oltMTyC5', 'signatures': {'@storm:compat.test':"
          + " {'ed25519:STORMDESKTOP': 'V4hGpu1uj2II'}}}\",\"namespace\":\"synapse.http.server\","
          + "\"url\":\"/_matrix/client/v3/sync?access_token=syt_abc\",\"requester\":\"@storm:compat.test\"}";

  @Test
  void keyValuesSignaturesAndTokensAreHashedOrRedactedInJsonLines() {
    String out =
        new LineRedaction(false, new OtherIdentities("@storm:compat.test")).redact(JSON_LINE);
    assertThat(out)
        .doesNotContain("BZI6HVy6fa2Ln", "LRajlsr66GR", "Rg0UOYl", "V4hGpu1uj2II", "syt_abc")
        .contains("{\\\"key\\\":\\\"sha256:", "{'key': 'sha256:", "access_token=<redacted>")
        .contains("\\\"ed25519:STORMDESKTOP\\\":\\\"sha256:", "'ed25519:STORMDESKTOP': 'sha256:")
        .contains("\"requester\":\"@storm:compat.test\"");
  }

  @Test
  void alsoWhenDockerWrapsTheJsonLineInItsOwnEscapes() {
    String docker =
        "{\"log\":\"" + JSON_LINE.replace("\\", "\\\\").replace("\"", "\\\"") + "\\n\"}";
    assertThat(new LineRedaction(false, new OtherIdentities("@storm:compat.test")).redact(docker))
        .doesNotContain("BZI6HVy6fa2Ln", "LRajlsr66GR", "Rg0UOYl", "V4hGpu1uj2II", "syt_abc");
  }

  @Test
  void keyMaterialIsKeptWhenAskedButOtherUsersNever() {
    String out =
        new LineRedaction(true, new OtherIdentities("@alice:compat.test")).redact(JSON_LINE);
    assertThat(out)
        .contains("BZI6HVy6fa2Ln", "V4hGpu1uj2II")
        .doesNotContain("@storm:compat.test", "syt_abc");
  }
}
