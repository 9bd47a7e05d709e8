package dev.e2ee.exporter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.console.CapturedBundle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundle folder: only names the store makes are bundles, a bundle is listed once its
 * bundle.json is in place, the oldest go first when the folder is over its size, and a download
 * zips one bundle under its own name.
 */
class CaptureStoreTest {
  static final String OLD = "alert-20261125T210000Z-0123456789ab";
  static final String MIDDLE = "alert-20261125T213000Z-0123456789ac";
  static final String NEW = "alert-20261125T220000Z-abcdefabcdef";

  @TempDir Path dir;

  /** A finished bundle of one log file of {@code logBytes} bytes, captured at {@code at}. */
  Path bundle(String name, String at, int logBytes) throws Exception {
    Path b = Files.createDirectories(dir.resolve(name));
    Files.createDirectories(b.resolve("logs"));
    Files.write(b.resolve("logs/homeserver.log"), new byte[logBytes]);
    CaptureStore.publish(
        b,
        "{\"captured_at\":\""
            + at
            + "\",\"alertname\":\"E2EEOneTimeKeyConflictStorm\",\"user\":\"@alice:example.org\","
            + "\"device\":\"PHONE\"}");
    return b;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "alert-20261125T210000Z-0123456789AB", // the store writes lower-case hex
        "alert-20261125T210000-0123456789ab",
        "alert-20261125T210000Z-0123456789a",
        "alert-20261125T210000Z-0123456789abc",
        "../alert-20261125T210000Z-0123456789ab",
        "alert-20261125T210000Z-0123456789ab/../../etc",
        "bundle.json",
        ""
      })
  void aNameTheStoreDidNotMakeIsNoBundle(String name) throws Exception {
    assertThat(CaptureStore.isBundleName(name)).isFalse();
    assertThat(new CaptureStore(dir, 1 << 20).bundle(name)).isEmpty();
  }

  @Test
  void publishingLeavesOnlyAPrivateBundleJson() throws Exception {
    Path b = bundle(OLD, "2026-11-25T21:00:00Z", 10);
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(b.resolve("bundle.json"))))
        .isEqualTo("rw-------");
    assertThat(b.resolve("bundle.json.tmp")).doesNotExist();
  }

  @Test
  void theListIsNewestFirstWithEachBundlesSizeAndSkipsWhatIsNotABundle() throws Exception {
    bundle(OLD, "2026-11-25T21:00:00Z", 100);
    bundle(NEW, "2026-11-25T22:00:00Z", 300);
    bundle(MIDDLE, "2026-11-25T21:30:00.500Z", 200);
    Files.createDirectories(dir.resolve("alert-20261125T230000Z-000000000000/logs")); // unfinished
    Files.createDirectories(dir.resolve("notes"));

    CaptureStore store = new CaptureStore(dir, 1 << 20);
    assertThat(store.list()).extracting(CapturedBundle::name).containsExactly(NEW, MIDDLE, OLD);
    CapturedBundle middle = store.list().get(1);
    long meta = Files.size(dir.resolve(MIDDLE).resolve("bundle.json"));
    assertThat(middle)
        .isEqualTo(
            new CapturedBundle(
                MIDDLE,
                Instant.parse("2026-11-25T21:30:00.500Z").toEpochMilli(),
                "E2EEOneTimeKeyConflictStorm",
                "@alice:example.org",
                "PHONE",
                200 + meta));
    assertThat(new CaptureStore(dir.resolve("not-yet"), 1).list()).isEmpty();
  }

  @Test
  void aHandEditedBundleJsonDoesNotBreakTheList() throws Exception {
    Path b = Files.createDirectories(dir.resolve(OLD));
    Files.writeString(b.resolve("bundle.json"), "{\"captured_at\":\"yesterday\"}");
    assertThat(new CaptureStore(dir, 1 << 20).list()).isEmpty();
  }

  @Test
  void aBrokenBundleHidesNoOtherBundle() throws Exception {
    // The folder lists in no set order: with broken bundles among good ones, one that ended the
    // listing would hide the good bundles after it in all but a few orders.
    List<String> good = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String name = "alert-20261125T21" + i + "000Z-0123456789a" + i;
      bundle(name, "2026-11-25T21:" + i + "0:00Z", 100);
      good.add(name);
    }
    for (int i = 0; i < 3; i++) {
      Path broken =
          Files.createDirectories(dir.resolve("alert-20261126T0" + i + "0000Z-0123456789b" + i));
      Files.writeString(broken.resolve("bundle.json"), "{\"captured_at\":\"yesterday\"}");
    }
    assertThat(new CaptureStore(dir, 1 << 20).list())
        .extracting(CapturedBundle::name)
        .containsExactlyInAnyOrderElementsOf(good);
  }

  @Test
  void pruningRemovesTheOldestUntilTheRestFits() throws Exception {
    bundle(OLD, "2026-11-25T21:00:00Z", 1000);
    bundle(MIDDLE, "2026-11-25T21:30:00Z", 1000);
    bundle(NEW, "2026-11-25T22:00:00Z", 1000);
    long each = CaptureStore.size(dir.resolve(NEW));

    assertThat(new CaptureStore(dir, 3 * each).prune()).as("all fit").isZero();
    assertThat(new CaptureStore(dir, 3 * each - 1).prune()).isEqualTo(1);
    assertThat(dir.resolve(OLD)).doesNotExist();
    assertThat(new CaptureStore(dir, each).prune()).isEqualTo(1);
    assertThat(new CaptureStore(dir, each).list())
        .extracting(CapturedBundle::name)
        .containsExactly(NEW);
    assertThat(new CaptureStore(dir, 0).prune())
        .as("the newest goes too when nothing fits")
        .isEqualTo(1);
    assertThat(dir.resolve(NEW)).doesNotExist();
  }

  @Test
  void aDownloadNamesOnlyAFinishedBundleOfTheStore() throws Exception {
    Path b = bundle(NEW, "2026-11-25T22:00:00Z", 10);
    Files.createDirectories(dir.resolve(OLD)); // no bundle.json yet
    CaptureStore store = new CaptureStore(dir, 1 << 20);
    assertThat(store.bundle(NEW)).contains(b);
    assertThat(store.bundle(OLD)).isEmpty();
    assertThat(store.bundle(MIDDLE)).isEmpty();
    assertThat(store.bundle("../" + NEW)).isEmpty();
    assertThat(store.bundle(NEW + "/logs")).isEmpty();
  }

  @Test
  void theZipHoldsEveryFileUnderTheBundlesName() throws Exception {
    Path b = bundle(NEW, "2026-11-25T22:00:00Z", 0);
    Files.writeString(b.resolve("logs/homeserver.log"), "line one\n");
    Files.writeString(b.resolve("README.md"), "# Bundle\n");
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    CaptureStore.zip(b, zipped);

    Map<String, String> entries = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipped.toByteArray()))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        entries.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(entries.keySet())
        .containsExactly(NEW + "/README.md", NEW + "/bundle.json", NEW + "/logs/homeserver.log");
    assertThat(entries.get(NEW + "/logs/homeserver.log")).isEqualTo("line one\n");
    assertThat(entries.get(NEW + "/bundle.json")).contains("E2EEOneTimeKeyConflictStorm");
  }
}
