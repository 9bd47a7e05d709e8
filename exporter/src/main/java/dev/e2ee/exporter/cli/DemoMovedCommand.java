package dev.e2ee.exporter.cli;

import dev.e2ee.exporter.runtime.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The demo used to be a subcommand of this jar; it now ships as its own jar so that production
 * hosts never carry the embedded PostgreSQL. Point whoever still types {@code demo} there.
 */
@Command(name = "demo", hidden = true)
final class DemoMovedCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println(
        "error: the demo is a separate jar: java -jar demo/target/synapse-e2ee-demo.jar"
            + " (built by mvn package; see README)");
    return ExitCodes.USAGE;
  }
}
