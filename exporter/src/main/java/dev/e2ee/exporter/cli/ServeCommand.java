package dev.e2ee.exporter.cli;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.runtime.ExitCodes;
import dev.e2ee.exporter.runtime.Exporter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve --config FILE}: the sidecar. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Run the exporter: tail Synapse's log, poll its database read-only, serve /metrics.")
final class ServeCommand implements Callable<Integer> {
  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "YAML config file (see deploy/config.example.yml).")
  Path config;

  @Override
  public Integer call() {
    Optional<ExporterConfig> read = ConfigFiles.load(config);
    if (read.isEmpty()) {
      return ExitCodes.USAGE;
    }
    ExporterConfig loaded = read.get();
    Logging.configure(loaded.exporter().logLevel());
    return RunUntilStopped.run(
        new Exporter(loaded, Clock.systemUTC(), System.getenv()).configFile(config),
        () -> {},
        port -> {});
  }
}
