package dev.e2ee.compat.check;

import dev.e2ee.compat.exporter.ExporterJar;
import dev.e2ee.compat.truth.DeviceTruth;
import dev.e2ee.compat.truth.Truth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code capture} of the storm device's user while serve runs: the bundle is there, its log slice
 * holds every rejected upload of the device (text and JSON parts), and it holds nothing about other
 * users, no access token and no key value.
 */
public final class CaptureChecks {
  private final ExporterJar jar;
  private final Truth truth;
  private final Checks checks;

  public CaptureChecks(ExporterJar jar, Truth truth, Checks checks) {
    this.jar = jar;
    this.truth = truth;
    this.checks = checks;
  }

  public void run(DeviceTruth storm, Path config, Path dir)
      throws IOException, InterruptedException {
    Path out = Files.createDirectories(dir.resolve("capture"));
    ExporterJar.Outcome o =
        jar.run(
            "capture",
            "capture",
            "--config",
            config.toString(),
            "--user",
            storm.user(),
            "--device",
            storm.device(),
            "--out",
            out.toString());
    checks.equal(
        "capture.exit", "figure", "capture exits 0 (everything captured)", 0, o.exitCode());
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(out)) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    checks.that(
        "capture.readme",
        "figure",
        "the bundle has its README.md",
        files.stream().anyMatch(f -> f.getFileName().toString().equals("README.md")),
        files.size() + " files");
    StringBuilder all = new StringBuilder();
    long conflictLines = 0;
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      all.append(text).append('\n');
      if (f.getFileName().toString().endsWith(".log")) {
        conflictLines += text.lines().filter(l -> l.contains("already exists")).count();
      }
    }
    checks.equal(
        "capture.log_slice",
        "figure",
        "the log slice holds every rejected upload of the device (text and JSON)",
        (long) storm.otkConflicts(),
        conflictLines);
    List<String> others = new ArrayList<>();
    for (DeviceTruth d : truth.devices().values()) {
      if (!d.user().equals(storm.user()) && all.indexOf(d.user()) >= 0) {
        others.add(d.user());
      }
    }
    checks.that(
        "capture.other_users",
        "figure",
        "nothing about another user in the bundle",
        others.isEmpty(),
        others.isEmpty() ? "none" : String.join(", ", others));
    checks.equal(
        "capture.no_secrets",
        "figure",
        "no access token or key value in the bundle (key values only as hashes)",
        0L,
        Secrets.found(all.toString(), truth.secrets()));
  }
}
