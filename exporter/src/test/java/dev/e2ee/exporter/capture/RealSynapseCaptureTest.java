package dev.e2ee.exporter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.e2ee.exporter.config.ConfigLoader;
import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.Commands;
import dev.e2ee.exporter.testing.Http;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * capture on the log of a real Synapse 1.160.0 (text, then Synapse's JSON formatter from the middle
 * on, see RealSynapseLogTest) with an exporter serving that log: the slice holds every rejected
 * upload of the storm device in both layouts, and a bundle for one user names no other user, none
 * of their devices and none of their events - in any file.
 */
class RealSynapseCaptureTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DIR = "/dev/e2ee/exporter/replay/real-synapse/";

  @TempDir static Path dir;
  static JsonNode truth;
  static Path log;
  static Path config;
  static int port;
  static Exporter exporter;

  @BeforeAll
  static void serveTheRealLog() throws Exception {
    log = dir.resolve("homeserver.log");
    try (InputStream in = resource("homeserver.log")) {
      Files.copy(in, log);
    }
    try (InputStream in = resource("truth.json")) {
      truth = JSON.readTree(in);
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    config =
        Files.writeString(
            dir.resolve("config.yml"),
            String.join(
                "\n",
                "listen: {port: " + port + "}",
                "synapse: {server_name: "
                    + truth.path("server_name").asText()
                    + ", log_timezone: UTC}",
                "logs: {files: ['"
                    + log
                    + "'], start_at: beginning, poll_interval: 100ms,"
                    + " positions_file: '"
                    + dir.resolve("positions.json")
                    + "'}",
                "database: {enabled: false}",
                ""));
    exporter = new Exporter(ConfigLoader.load(config), Clock.systemUTC(), Map.of());
    exporter.start();
    JsonNode storm = stormTruth();
    // Read to the end: the storm's last conflict (in the JSON part) is counted.
    Pattern done =
        Pattern.compile(
            "(?m)^synapse_e2ee_otk_conflicts_total\\{[^}]*device=\""
                + storm.path("device").asText()
                + "\"[^}]*\\} "
                + storm.path("otk_conflicts").asInt()
                + "\\.0$");
    Await.until(
        () -> done.matcher(Http.get(port, "/metrics").body()).find(), Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() throws Exception {
    if (exporter != null) {
      exporter.close();
    }
  }

  @Test
  void theSliceHoldsEveryRejectedUploadOfTheStormDeviceInBothLayouts() throws Exception {
    JsonNode storm = stormTruth();
    String device = storm.path("device").asText();
    Path bundle = capture("storm", storm.path("user").asText(), "--device", device);
    String slice = Files.readString(bundle.resolve("homeserver-slice.log"));
    int rejected = storm.path("otk_conflicts").asInt() + storm.path("uploads_rejected").asInt();
    assertThat(slice.lines().filter(l -> l.contains(" already exists")).count())
        .as("Synapse's conflict lines of %s (text and JSON)", device)
        .isEqualTo(rejected);
    assertThat(slice.lines().filter(l -> l.startsWith("{")).count())
        .as("lines of the JSON part")
        .isPositive();

    // The slice read on its own, as replay reads any log, tells the whole storm again: each
    // conflict line found its access line (the one with the 400) by request id.
    Path report = dir.resolve("storm-slice.json");
    Commands.Outcome o =
        Commands.replayToJson(config, report, bundle.resolve("homeserver-slice.log").toString());
    assertThat(o.exit()).as(o.err()).isZero();
    JsonNode ke1 = null;
    for (JsonNode d : JSON.readTree(report.toFile()).at("/ke1/devices")) {
      if (d.path("device").asText().equals(device)) {
        ke1 = d;
      }
    }
    assertThat(ke1).as("the storm device in the slice's replay").isNotNull();
    assertThat(Objects.requireNonNull(ke1).path("conflicts").asInt())
        .isEqualTo(storm.path("otk_conflicts").asInt());
    assertThat(slice).doesNotContain("BZI6HVy6fa2Ln/gFETX44+dy/CPBcm6g4HLegvjAbpE");
  }

  @Test
  void aBundleForOneUserNamesNoOtherUserTheirDevicesOrTheirEvents() throws Exception {
    List<String> leaks = new ArrayList<>();
    List<String> original = Files.readAllLines(log);
    for (String user : users()) {
      Path bundle = capture(user.substring(1, user.indexOf(':')), user);
      leaks.addAll(othersIn(bundle, user));
      // A claim that took keys of this user and of others stays, the others unnamed in it (and
      // the claimer's slice has the claims of its requests, whoever's keys they took).
      String claimed = "Claimed one-time-keys";
      assertThat(
              Files.readAllLines(bundle.resolve("homeserver-slice.log")).stream()
                  .filter(l -> l.contains(claimed)))
          .as("%s's claims", user)
          .hasSizeGreaterThanOrEqualTo(
              (int) original.stream().filter(l -> l.contains(claimed) && l.contains(user)).count());
    }
    JsonNode storm = stormTruth();
    Path one =
        capture(
            "storm-device", storm.path("user").asText(), "--device", storm.path("device").asText());
    leaks.addAll(othersIn(one, storm.path("user").asText()));
    assertThat(leaks).isEmpty();
  }

  @Test
  void theBundleStillHoldsTheUsersOwnSeriesFindingsAndSelfMetrics() throws Exception {
    JsonNode storm = stormTruth();
    Path bundle = capture("storm-own", storm.path("user").asText());
    String metrics = Files.readString(bundle.resolve("metrics.txt"));
    assertThat(metrics)
        .contains("synapse_e2ee_build_info{")
        .containsPattern(
            "synapse_e2ee_otk_conflicts_total\\{[^}]*device=\""
                + storm.path("device").asText()
                + "\"[^}]*\\} "
                + storm.path("otk_conflicts").asInt());
    // Verdicts need the database (disabled here): OwnExporterViewTest keeps a user's verdicts.
    assertThat(Files.readString(bundle.resolve("findings.json")))
        .contains(storm.path("device").asText());
  }

  /** Every other user's id and device id (and events sent by others) found in any file. */
  private static List<String> othersIn(Path bundle, String user) throws Exception {
    Set<String> others = new LinkedHashSet<>();
    for (JsonNode d : truth.path("devices")) {
      if (!d.path("user").asText().equals(user)) {
        others.add(d.path("user").asText());
        others.add(d.path("device").asText());
      }
    }
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(bundle)) {
      for (Path f : files.toList()) {
        String text = Files.readString(f);
        for (String other : others) {
          if (text.contains(other)) {
            found.add(user + "'s " + f.getFileName() + " names " + other);
          }
        }
      }
    }
    return found;
  }

  private static Path capture(String name, String user, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "capture",
                "--config",
                config.toString(),
                "--user",
                user,
                "--out",
                dir.resolve("out-" + name).toString()));
    args.addAll(List.of(more));
    Commands.Outcome o = Commands.run(args.toArray(String[]::new));
    Path bundle = Path.of(o.out().strip());
    try {
      assertThat(Files.readString(bundle.resolve("README.md")))
          .as("the exporter's part is captured (only the database, disabled here, is not)")
          .doesNotContain("the exporter does not answer");
    } catch (java.io.IOException e) {
      throw new AssertionError(o.err(), e);
    }
    return bundle;
  }

  private static Set<String> users() {
    Set<String> users = new LinkedHashSet<>();
    truth.path("devices").forEach(d -> users.add(d.path("user").asText()));
    return users;
  }

  private static JsonNode stormTruth() {
    for (JsonNode d : truth.path("devices")) {
      if (d.path("otk_conflicts").asInt() > 0) {
        return d;
      }
    }
    throw new AssertionError("truth.json has no storm device");
  }

  private static InputStream resource(String name) {
    return Objects.requireNonNull(RealSynapseCaptureTest.class.getResourceAsStream(DIR + name));
  }
}
