package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.testing.OtkConflictBuilder;
import dev.e2ee.exporter.testing.Scrape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OtkConflictConfirmer: a one-time-key conflict the log showed, checked against the key stored for
 * that very device. Against a real PostgreSQL with the Synapse schema; expected values are the SQL
 * ground truth.
 */
class OtkConflictConfirmerTest extends CollectorHarness {
  @Test
  void conflictIsConfirmedAgainstTheStoredKeyOfThatDevice() throws Exception {
    db.rows().device(A, "STORM", NOW, false);
    storeStormsKey();
    OtkConflictConfirmer confirmer =
        confirmerOf(
            OtkConflictBuilder.at(NOW)
                .storedValue("serverValue")
                .uploadedValue("serverValue")
                .build(),
            OtkConflictBuilder.at(NOW)
                .request("POST-3")
                .device(B, "GONE")
                .keyId("NOPE")
                .uploadedValue("x")
                .build());
    Scrape s = run(confirmer, watching());
    assertThat(s.valueOrFail("synapse_e2ee_otk_conflict_key_stored{" + dev(A, "STORM") + "}"))
        .isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_otk_conflict_divergence{" + dev(A, "STORM") + "}"))
        .as("the stored value is the uploaded one")
        .isZero();
    assertThat(s.valueOrFail("synapse_e2ee_otk_conflict_key_stored{" + dev(B, "GONE") + "}"))
        .isZero();
    assertThat(s.valueOrFail("synapse_e2ee_otk_conflict_divergence{" + dev(B, "GONE") + "}"))
        .as("nothing stored")
        .isZero();
    assertThat(s.text()).doesNotContain("serverValue", "clientValue");
  }

  @Test
  void anotherDevicesKeyWithTheSameIdIsNotThisDevicesKey() throws Exception {
    // Key ids count per device: BOBPHONE holds the id that BOBWEB's deleted row had.
    db.rows()
        .device(B, "BOBWEB", NOW, false)
        .device(B, "BOBPHONE", NOW, false)
        .oneTimeKey(
            B,
            "BOBPHONE",
            "signed_curve25519",
            "AAAAAAAAAFA",
            "{\"key\":\"phoneValue\",\"signatures\":{}}",
            NOW);
    OtkConflictConfirmer confirmer =
        confirmerOf(
            OtkConflictBuilder.at(NOW)
                .request("POST-7")
                .device(B, "BOBWEB")
                .keyId("AAAAAAAAAFA")
                .storedValue("webOldValue")
                .uploadedValue("webNewValue")
                .build());
    Scrape s = run(confirmer, watching());
    assertThat(s.valueOrFail("synapse_e2ee_otk_conflict_key_stored{" + dev(B, "BOBWEB") + "}"))
        .isZero();
    assertThat(s.valueOrFail("synapse_e2ee_otk_conflict_divergence{" + dev(B, "BOBWEB") + "}"))
        .isZero();
    assertThat(s.text()).doesNotContain("BOBPHONE");
  }

  @Test
  void aConflictWhoseDeviceTheLogDidNotNameIsNotAttributedToAnyDevice() throws Exception {
    db.rows().device(A, "STORM", NOW, false);
    storeStormsKey();
    OtkConflictConfirmer confirmer =
        confirmerOf(
            OtkConflictBuilder.at(NOW)
                .request("POST-2")
                .device(A, null)
                .uploadedValue("other")
                .build());
    Scrape s = run(confirmer, watching());
    assertThat(confirmer.confirmations()).isEmpty();
    assertThat(s.text())
        .doesNotContain(
            "synapse_e2ee_otk_conflict_key_stored{", "synapse_e2ee_otk_conflict_divergence{");
  }

  @Test
  void aConfirmationGoesWithItsConflictWhenTheStormIsNoLongerActive() throws Exception {
    storeStormsKey();
    List<OtkConflict> active =
        new ArrayList<>(
            List.of(
                OtkConflictBuilder.at(NOW)
                    .storedValue("serverValue")
                    .uploadedValue("clientValue")
                    .build()));
    OtkConflictConfirmer confirmer = new OtkConflictConfirmer(ids, () -> List.copyOf(active), 100);
    assertThat(
            run(confirmer, watching())
                .valueOrFail("synapse_e2ee_otk_conflict_divergence{" + dev(A, "STORM") + "}"))
        .isEqualTo(1);
    active.clear(); // quiet for the quiet period: no new round has run yet
    assertThat(confirmer.confirmations()).isEmpty();
    assertThat(Scrape.of(registry).text()).doesNotContain("synapse_e2ee_otk_conflict_divergence{");
  }

  @Test
  void divergenceWhenTheStoredValueIsNotTheUpload() throws Exception {
    storeStormsKey();
    OtkConflictConfirmer confirmer =
        confirmerOf(
            OtkConflictBuilder.at(NOW)
                .storedValue("serverValue")
                .uploadedValue("clientValue")
                .build());
    Scrape s = run(confirmer, watching());
    assertThat(s.valueOrFail("synapse_e2ee_otk_conflict_divergence{" + dev(A, "STORM") + "}"))
        .isEqualTo(1);
  }

  /** STORM's one stored one-time key, KEYID, whose value is "serverValue". */
  private void storeStormsKey() throws Exception {
    db.rows()
        .oneTimeKey(
            A,
            "STORM",
            "signed_curve25519",
            "KEYID",
            "{\"key\":\"serverValue\",\"signatures\":{}}",
            NOW);
  }

  /** A confirmer to which the log side always reports these conflicts. */
  private OtkConflictConfirmer confirmerOf(OtkConflict... conflicts) {
    return new OtkConflictConfirmer(ids, () -> List.of(conflicts), 100);
  }
}
