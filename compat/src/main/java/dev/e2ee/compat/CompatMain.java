package dev.e2ee.compat;

import dev.e2ee.compat.check.CaptureChecks;
import dev.e2ee.compat.check.Checks;
import dev.e2ee.compat.check.ProbeChecks;
import dev.e2ee.compat.check.ProbeWatch;
import dev.e2ee.compat.check.ReplayChecks;
import dev.e2ee.compat.check.ServeChecks;
import dev.e2ee.compat.client.Http;
import dev.e2ee.compat.drive.Driver;
import dev.e2ee.compat.exporter.ExporterConfig;
import dev.e2ee.compat.exporter.ExporterJar;
import dev.e2ee.compat.exporter.Serve;
import dev.e2ee.compat.synapse.Homeserver;
import dev.e2ee.compat.truth.DeviceTruth;
import dev.e2ee.compat.truth.Truth;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The compat suite: {@code CompatMain SYNAPSE_SH EXPORTER_JAR OUT_DIR [EXPORTER_PORT]}. Synapse
 * must be up ({@code synapse.sh up}). The packaged exporter serves while the driver plays the run
 * against Synapse; then every figure the exporter claims (serve, replay, capture) is checked
 * against the driver's truth. Exit 0 when every check passed, 1 when one failed, 2 on a usage
 * error; an environment that fails throws (exit 1 with its message).
 */
public final class CompatMain {
  private CompatMain() {}

  public static void main(String[] args) {
    if (args.length < 3 || args.length > 4) {
      System.err.println("usage: CompatMain SYNAPSE_SH EXPORTER_JAR OUT_DIR [EXPORTER_PORT]");
      System.exit(2);
    }
    try {
      System.exit(run(args));
    } catch (Exception e) {
      // One line naming what broke (the environment, a request Synapse refused, the exporter).
      System.err.println("compat suite: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      System.exit(1);
    }
  }

  private static int run(String[] args) throws Exception {
    Homeserver hs = new Homeserver(Path.of(args[0]));
    Path out = Files.createDirectories(Path.of(args[2]).toAbsolutePath());
    int port = args.length == 4 ? Integer.parseInt(args[3]) : 18177;
    Map<String, String> facts = hs.facts();
    Truth truth = new Truth(fact(facts, "SYNAPSE_SERVER_NAME"));
    Path log = Path.of(fact(facts, "SYNAPSE_LOG"));
    URI db = URI.create(fact(facts, "SYNAPSE_DB_URL"));
    ExporterJar jar =
        new ExporterJar(
            Path.of(args[1]).toAbsolutePath(), fact(facts, "SYNAPSE_DB_EXPORTER_PASSWORD"), out);
    String healthUrl = fact(facts, "SYNAPSE_URL") + "/health";
    Path config =
        ExporterConfig.write(
            out, port, truth.serverName(), healthUrl, log, db.getHost(), db.getPort());
    Http http = new Http(URI.create(fact(facts, "SYNAPSE_URL") + "/"));
    Checks checks = new Checks();
    try (Serve serve = Serve.start(jar, config, port)) {
      try (ProbeWatch watch = ProbeWatch.start(serve)) {
        new Driver(hs, http, truth).run();
        EndMarker.await(http, truth, log);
        new ProbeChecks(serve, truth, checks, healthUrl).run(watch);
      }
      truth.write(out.resolve("truth.json"));
      Path snapshot = out.resolve("homeserver.log");
      Files.copy(log, snapshot, StandardCopyOption.REPLACE_EXISTING);
      new ServeChecks(serve, truth, checks, out).run();
      new ReplayChecks(jar, truth, checks).run(snapshot, config, out);
      DeviceTruth storm =
          truth.devices().values().stream()
              .filter(d -> d.otkConflicts() > 0)
              .findFirst()
              .orElseThrow();
      new CaptureChecks(jar, truth, checks).run(storm, config, out);
    }
    System.out.println("Synapse " + truth.synapseVersion() + " (Debian sid matrix-synapse)");
    checks.print(System.out);
    checks.write(out.resolve("checks.json"));
    return checks.failures() == 0 ? 0 : 1;
  }

  private static String fact(Map<String, String> facts, String key) {
    String v = facts.get(key);
    if (v == null || v.isEmpty()) {
      throw new IllegalStateException("synapse.sh env did not say " + key);
    }
    return v;
  }
}
