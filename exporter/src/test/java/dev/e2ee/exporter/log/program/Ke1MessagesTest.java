package dev.e2ee.exporter.log.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.domain.KeyValues;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The KE-1 messages read by index arithmetic: the shapes Synapse writes, and what is refused. */
class Ke1MessagesTest {
  private static final String PREFIX =
      "<XForwardedForRequest at 0x7f method='POST' uri='/_matrix/client/v3/keys/upload'"
          + " clientproto='HTTP/1.1' site='8008'> SynapseError: 400 - One time key ";

  @Test
  void aConflictNamesAlgorithmKeyIdAndWhetherTheValuesDiffer() {
    Ke1Messages.Conflict c =
        Ke1Messages.conflict(
            PREFIX
                + "signed_curve25519:AAAAAAAAAFA already exists. Old key: {\"key\": \"old\","
                + " \"signatures\": {}}; new key: {'key': 'new', 'signatures': {}}");
    assertThat(c).isNotNull();
    assertThat(c.algorithm()).isEqualTo("signed_curve25519");
    assertThat(c.keyId()).isEqualTo("AAAAAAAAAFA");
    assertThat(c.keyValues()).isEqualTo(KeyValues.DIFFER);
    assertThat(c.storedKeyHash()).isNotNull().isNotEqualTo(c.uploadedKeyHash());
  }

  @Test
  void equalValuesAndUnreadableValuesAreToldApart() {
    Ke1Messages.Conflict same =
        Ke1Messages.conflict(
            PREFIX
                + "curve25519:AAAB already exists. Old key: {\"key\":\"v\"}; new key: {'key': 'v'}");
    assertThat(same).isNotNull();
    assertThat(same.keyValues()).isEqualTo(KeyValues.SAME);
    assertThat(same.storedKeyHash()).isEqualTo(same.uploadedKeyHash());
    Ke1Messages.Conflict unreadable =
        Ke1Messages.conflict(PREFIX + "curve25519:AAAB already exists. Old key: x; new key: y");
    assertThat(unreadable).isNotNull();
    assertThat(unreadable.keyValues()).isEqualTo(KeyValues.UNREADABLE);
    // A "; new key: " inside the stored value: the last one separates the two values.
    Ke1Messages.Conflict nested =
        Ke1Messages.conflict(
            PREFIX
                + "a:B already exists. Old key: {\"note\":\"; new key: \",\"key\":\"v\"}; new key: {'key': 'w'}");
    assertThat(nested).isNotNull();
    assertThat(nested.keyValues()).isEqualTo(KeyValues.DIFFER);
  }

  @Test
  void malformedConflictsAreRefused() {
    for (String rest :
        new String[] {
          "AAAB already exists. Old key: a; new key: b",
          ":AAAB already exists. Old key: a; new key: b",
          "alg: already exists. Old key: a; new key: b",
          "alg:AAAB exists. Old key: a; new key: b",
          "alg:AAAB already exists. Old key: a",
          "",
        }) {
      assertThat(Ke1Messages.conflict(PREFIX + rest)).as(rest).isNull();
    }
    assertThat(Ke1Messages.conflict("nothing of the kind")).isNull();
  }

  @Test
  void aMessageInsideItsLineIsReadWithinItsBoundsOnly() {
    // Before and after the message: a whole conflict, and the pieces a bounded read must not
    // borrow (a later "; new key: ", the rest of " already exists. Old key: ").
    String before =
        "2026-12-06 10:00:00,000 - synapse.http.server - 1 - INFO - POST-1 - "
            + PREFIX
            + "x:Y already exists. Old key: {\"key\": \"a\"}; new key: {'key': 'b'} | ";
    String after =
        "ists. Old key: c; new key: {'key': 'z'} SynapseError: 400 - One time key q:R already"
            + " exists. Old key: c; new key: d";
    List<String> messages =
        List.of(
            PREFIX
                + "signed_curve25519:AAAAAAAAAFA already exists. Old key: {\"key\": \"old\"};"
                + " new key: {'key': 'new'}",
            PREFIX
                + "curve25519:AAAB already exists. Old key: {\"key\":\"v\"}; new key: {'key': 'v'",
            PREFIX + "curve25519:AAAB already exists. Old key: x; new key: y",
            PREFIX + "alg:AAAB already exists. Old key: a",
            PREFIX + "alg:AAAB already ex",
            PREFIX + "alg:AAAB",
            PREFIX,
            "nothing of the kind");
    for (String message : messages) {
      String text = before + message + after;
      assertThat(Ke1Messages.conflict(text, before.length(), before.length() + message.length()))
          .as(message)
          .isEqualTo(Ke1Messages.conflict(message));
    }
  }

  @Test
  void theUploaderIsReadFromAddingAndUpdatingLines() {
    assertThat(
            Ke1Messages.uploader(
                "Adding one_time_keys dict_keys(['signed_curve25519:AAAAAAAAAFA']) for device 'D1'"
                    + " for user '@alice:example.org' at 1764064802000"))
        .containsExactly("D1", "@alice:example.org");
    assertThat(
            Ke1Messages.uploader(
                "Updating device_keys for device 'D2' for user @bob:example.org at 1764064802000"))
        .containsExactly("D2", "@bob:example.org");
    for (String bad :
        new String[] {
          "Adding one_time_keys dict_keys([]) for device 'D1' for user '@a:b' at soon",
          "Adding one_time_keys dict_keys([]) for device 'D1' for user '@a:b' at ",
          "Adding one_time_keys dict_keys([]) for device 'D1' for user '@a:b'",
          "Adding one_time_keys dict_keys([]) for device 'D1",
          "Adding one_time_keys dict_keys([])",
        }) {
      assertThat(Ke1Messages.uploader(bad)).as(bad).isNull();
    }
  }

  private static List<String> claimed(String list, int[] unread) {
    List<String> out = new ArrayList<>();
    unread[0] = Ke1Messages.claims(Ke1Messages.CLAIMED + list, (u, d) -> out.add(u + " / " + d));
    return out;
  }

  @Test
  void claimsAreJoinedByACommaWithoutSpaceAsSynapseWritesThem() {
    // Synapse 1.160's line for one /keys/claim covering two users' devices (real output).
    int[] unread = new int[1];
    assertThat(
            claimed(
                "signed_curve25519:AAAAAw for @alice:hs:ALICELAPTOP,"
                    + "signed_curve25519:AAAAHw for @bob:hs:BOBPHONE",
                unread))
        .containsExactly("@alice:hs / ALICELAPTOP", "@bob:hs / BOBPHONE");
    assertThat(unread[0]).isZero();
  }

  @Test
  void aServerNameWithAPortAndAFallbackKeyAreRead() {
    int[] unread = new int[1];
    assertThat(
            claimed(
                "signed_curve25519:AAAAAQ for @carol:hs.example:8448:CAROLWEB,"
                    + "signed_curve25519:AAAAAg for @carol:hs.example:8448:CAROLPHONE,"
                    + "signed_curve25519:AAAAAw for @d:[::1]:8448:DEV",
                unread))
        .containsExactly(
            "@carol:hs.example:8448 / CAROLWEB",
            "@carol:hs.example:8448 / CAROLPHONE",
            "@d:[::1]:8448 / DEV");
    assertThat(unread[0]).isZero();
    // Nothing claimed: Synapse writes the prefix and an empty list.
    assertThat(claimed("", unread)).isEmpty();
    assertThat(unread[0]).isZero();
  }

  @Test
  void anEntryThatIsNotKeyForUserDeviceIsCountedUnreadNotGuessed() {
    int[] unread = new int[1];
    assertThat(
            claimed(
                "signed_curve25519:AAAAAw for alice,signed_curve25519:AAAAHw for @bob:hs:BOBPHONE",
                unread))
        .containsExactly("@bob:hs / BOBPHONE");
    assertThat(unread[0]).isEqualTo(1);
    assertThat(claimed("garbage", unread)).isEmpty();
    assertThat(unread[0]).isEqualTo(1);
  }
}
