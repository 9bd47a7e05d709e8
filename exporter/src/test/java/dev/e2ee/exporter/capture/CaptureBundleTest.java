package dev.e2ee.exporter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaptureBundleTest {
  @TempDir Path out;

  private static CaptureQueries.Result devices(Object deviceId, Object agent) {
    return new CaptureQueries.Result(
        "devices",
        "SELECT device_id, user_agent FROM devices WHERE user_id = $1",
        List.of("device_id", "user_agent"),
        List.of(Arrays.asList(deviceId, agent)),
        null);
  }

  /** A cell with a comma, quote or line break is quoted (RFC 4180); null is an empty cell. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\u0001',
      value = {
        "Element/1.11.85                | ALICEPHONE,Element/1.11.85",
        "Element (Android), 1.6         | ALICEPHONE,\"Element (Android), 1.6\"",
        "say \"hi\"                     | ALICEPHONE,\"say \"\"hi\"\"\"",
      })
  void sqlResultIsWrittenAsCsvAndJson(String agent, String csvRow) throws IOException {
    CaptureBundle bundle = CaptureBundle.create(out, Instant.parse("2026-12-06T10:00:00Z"));
    bundle.query(devices("ALICEPHONE", agent));

    assertThat(bundle.dir().getFileName().toString()).isEqualTo("capture-20261206T100000Z");
    assertThat(Files.readString(bundle.dir().resolve("sql-devices.csv")))
        .isEqualTo("device_id,user_agent\n" + csvRow + "\n");
    assertThat(Files.readString(bundle.dir().resolve("sql-devices.json")))
        .contains("\"query\" : \"SELECT device_id, user_agent FROM devices WHERE user_id = $1\"")
        .contains("\"device_id\" : \"ALICEPHONE\"");
    assertThat(bundle.complete()).isTrue();
  }

  @Test
  void nullCellIsEmptyAndFailedQueryIsListedAsNotCaptured() throws IOException {
    CaptureBundle bundle = CaptureBundle.create(out, Instant.EPOCH);
    bundle.query(devices("ALICEPHONE", null));
    bundle.query(
        new CaptureQueries.Result(
            "e2e_one_time_keys", "SELECT 1", List.of(), List.of(), "permission denied"));
    bundle.finish("Capture for @alice:example.org", List.of("user: @alice:example.org"), false);

    assertThat(Files.readString(bundle.dir().resolve("sql-devices.csv")))
        .isEqualTo("device_id,user_agent\nALICEPHONE,\n");
    assertThat(bundle.dir().resolve("sql-e2e_one_time_keys.csv")).doesNotExist();
    assertThat(bundle.complete()).isFalse();
    String readme = Files.readString(bundle.dir().resolve("README.md"));
    assertThat(readme.substring(readme.indexOf("## Not captured")))
        .contains("- SQL `e2e_one_time_keys`: permission denied")
        .doesNotContain("Nothing: every part");
    assertThat(readme.substring(readme.indexOf("## Contents"), readme.indexOf("## Not captured")))
        .contains("`sql-devices.csv/.json`: 1 rows");
  }

  @Test
  void readmeSaysWhatIsInTheBundleAndHowKeysAreShown() throws IOException {
    CaptureBundle bundle = CaptureBundle.create(out, Instant.EPOCH);
    bundle.note("device ALICEPHONE: client Element Android 1.6.10 (devices.user_agent)");
    bundle.file("verdicts.json", "{}", "the exporter's verdicts for this device");
    try (Writer w = bundle.logWriter()) {
      w.write("a line\n");
    }
    bundle.logged(
        List.of(
            new LogSlicer.FileSlice(Path.of("/var/log/synapse/homeserver.log"), 10, 2),
            new LogSlicer.FileSlice(Path.of("/var/log/synapse/homeserver.log.1"), 5, 1)));
    bundle.finish("Capture", List.of("user: @alice:example.org"), false);

    String readme = Files.readString(bundle.dir().resolve("README.md"), StandardCharsets.UTF_8);
    assertThat(readme)
        .startsWith("# Capture\n\n- user: @alice:example.org\n")
        .contains("## Findings\n\n- device ALICEPHONE: client Element Android 1.6.10")
        .contains("- `verdicts.json`: the exporter's verdicts for this device")
        .contains("Nothing: every part of the bundle was captured.")
        .contains("appear only as `sha256:` prefixes")
        .doesNotContain("Key material is included");
    assertThat(Files.readString(bundle.dir().resolve("homeserver-slice.log")))
        .isEqualTo("a line\n");

    CaptureBundle withKeys = CaptureBundle.create(out.resolve("keys"), Instant.EPOCH);
    withKeys.finish("Capture", List.of(), true);
    assertThat(Files.readString(withKeys.dir().resolve("README.md")))
        .contains("Key material is included (--include-key-material)")
        .doesNotContain("## Findings");
  }

  /** One user's alert bundle is a folder no other local user can read, apart from any other's. */
  @Test
  void privateBundleIsOwnerOnlyAndSeparateFromAnotherUsers() throws IOException {
    Path alerts = out.resolve("alerts");
    CaptureBundle alice = CaptureBundle.createPrivate(alerts, "alice-ALICEPHONE");
    CaptureBundle bob = CaptureBundle.createPrivate(alerts, "bob-BOBPHONE");
    alice.file("verdicts.json", "{\"user\":\"@alice:example.org\"}", "alice's verdicts");
    bob.file("verdicts.json", "{\"user\":\"@bob:example.org\"}", "bob's verdicts");
    alice.finish("Alert capture", List.of("user: @alice:example.org"), false);
    alice.restrictToOwner();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(alerts)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(alice.dir())))
        .isEqualTo("rwx------");
    for (String file : List.of("verdicts.json", "README.md")) {
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(alice.dir().resolve(file))))
          .isEqualTo("rw-------");
    }
    assertThat(alice.dir()).isNotEqualTo(bob.dir());
    try (var files = Files.list(alice.dir())) {
      for (Path f : files.toList()) {
        assertThat(Files.readString(f)).doesNotContain("@bob").doesNotContain("BOBPHONE");
      }
    }
  }
}
