package dev.e2ee.exporter.cli;

import dev.e2ee.exporter.capture.CaptureBundle;
import dev.e2ee.exporter.capture.OtherIdentities;
import dev.e2ee.exporter.capture.OwnExporterView;
import dev.e2ee.exporter.capture.ServerSide;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.LogLevel;
import dev.e2ee.exporter.metrics.IdentityLabels;
import dev.e2ee.exporter.runtime.ExitCodes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code capture}: the runbook's server-side evidence for one user/device, read-only, in one
 * folder.
 */
@Command(
    name = "capture",
    mixinStandardHelpOptions = true,
    description = {
      "Write the runbook's server-side bundle for one user (and device, event) into a folder.",
      "The log slice (current and rotated files, .gz too), each runbook SQL result as CSV "
          + "and JSON, the running exporter's metrics and verdicts, and a README.md saying what "
          + "is in it and what could not be captured. Read-only. Exit 0 complete, 1 partial, 2 "
          + "usage error."
    })
final class CaptureCommand implements Callable<Integer> {
  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "YAML config file of the exporter whose log files and database to read.")
  Path config;

  @Option(
      names = "--user",
      required = true,
      paramLabel = "USER",
      description = "Full user id, e.g. @alice:example.org")
  String user;

  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      description =
          "One device of the user: the SQL results keep to it, and the log slice adds lines naming"
              + " it (default: every device of the user).")
  String device;

  @Option(
      names = "--event",
      paramLabel = "EVENT",
      description = "An event id to check for KE-3 (its stored algorithm)")
  String event;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description = "UTC start of the window, e.g. 2026-07-01T21:00:00Z")
  Instant since;

  @Option(names = "--until", paramLabel = "TIME", description = "UTC end of the window")
  Instant until;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder to write the bundle into (as capture-<UTC start>).")
  Path out;

  @Option(
      names = "--include-key-material",
      description = "Keep key values and signatures (default: short hashes)")
  boolean keyMaterial;

  @Override
  public Integer call() throws Exception {
    Logging.configure(LogLevel.WARN);
    if (!user.matches("@[^:\\s]+:\\S+")) {
      System.err.println(
          "error: --user must be a full user id such as @alice:example.org, found '" + user + "'");
      return ExitCodes.USAGE;
    }
    Optional<ExporterConfig> read = ConfigFiles.load(config);
    if (read.isEmpty()) {
      return ExitCodes.USAGE;
    }
    ExporterConfig cfg = read.get();
    Instant start = since != null ? since : Instant.now();
    CaptureBundle bundle = CaptureBundle.create(out, start);
    OtherIdentities others = new OtherIdentities(user);
    ServerSide server = new ServerSide(user, device, event, since, until, keyMaterial);
    server.captureLogs(cfg, bundle, others);
    server.captureDatabase(cfg, bundle, System.getenv(), others);
    captureExporter(cfg, bundle, others);
    List<String> parameters = new ArrayList<>(List.of("user: `" + user + "`"));
    if (device != null) {
      parameters.add("device: `" + device + "`");
    }
    if (event != null) {
      parameters.add("event: `" + event + "`");
    }
    parameters.add(
        "window: "
            + (since == null ? "whole files" : since + " .. " + (until == null ? "now" : until)));
    parameters.add("captured at " + Instant.now() + " by synapse-e2ee-exporter capture");
    bundle.finish("E2EE capture for " + user, parameters, keyMaterial);
    System.out.println(bundle.dir());
    if (!bundle.complete()) {
      System.err.println("partial capture: see " + bundle.dir().resolve("README.md"));
      return ExitCodes.RUNTIME_FAILURE;
    }
    return ExitCodes.OK;
  }

  private void captureExporter(ExporterConfig cfg, CaptureBundle bundle, OtherIdentities others)
      throws Exception {
    if (cfg.listen().tls().isPresent() || cfg.listen().basicAuth().isPresent()) {
      bundle.missing(
          "metrics and verdicts: the exporter's listener uses TLS or basic auth; fetch /metrics and"
              + " /api/v1/devices?all=true yourself");
      return;
    }
    // Only this user's part of the exporter's answers: the bundle goes to whoever handles this
    // user's report, and the exporter answers for every user.
    OwnExporterView own =
        new OwnExporterView(user, device, event, new IdentityLabels(cfg.labels()), others);
    String base = "http://" + cfg.listen().hostForLocalClients() + ":" + cfg.listen().port();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    fetch(
        client,
        base,
        "/metrics",
        bundle,
        "metrics.txt",
        "the running exporter's /metrics: this user's series and the exporter's own",
        own::metrics);
    fetch(
        client,
        base,
        "/api/v1/devices?all=true",
        bundle,
        "verdicts.json",
        "the running exporter's verdicts with evidence for this user",
        own::verdicts);
    fetch(
        client,
        base,
        "/api/v1/findings",
        bundle,
        "findings.json",
        "this user's KE-1 conflicts, KE-3 events and stale targets",
        own::findings);
  }

  private static void fetch(
      HttpClient client,
      String base,
      String path,
      CaptureBundle bundle,
      String file,
      String description,
      UnaryOperator<String> ownPart)
      throws Exception {
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        bundle.file(file, ownPart.apply(r.body()), description);
      } else {
        bundle.missing(description + ": HTTP " + r.statusCode() + " from " + base);
      }
    } catch (IOException e) {
      bundle.missing(
          description + ": the exporter does not answer at " + base + " (is it running?)");
    } catch (IllegalArgumentException e) {
      bundle.missing(description + ": " + e.getMessage() + " at " + base + path);
    }
  }
}
