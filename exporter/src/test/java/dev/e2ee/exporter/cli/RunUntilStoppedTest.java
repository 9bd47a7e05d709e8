package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.ConfigLoader;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.ListenConfig;
import dev.e2ee.exporter.runtime.ExitCodes;
import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.TestConfigs;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An exporter that cannot start: the exit code says whether the operator's config or the machine is
 * at fault, the exporter is closed and the after-stop step runs once, and nothing is reported as
 * started. (A start that succeeds blocks until SIGTERM: ServeJarIT runs it as a process.)
 */
class RunUntilStoppedTest {

  @ParameterizedTest(name = "{0}: exit {1}")
  @CsvSource({
    // why the start fails, exit code
    "the database password variable is not set, " + ExitCodes.USAGE,
    "the port is taken, " + ExitCodes.RUNTIME_FAILURE,
  })
  void aFailedStartExitsWithItsCauseAndRunsTheStopStepOnce(String cause, int exit)
      throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ExporterConfig config =
          cause.contains("port")
              ? TestConfigs.noSources()
                  .withListen(new ListenConfig("127.0.0.1", taken.getLocalPort()))
              : ConfigLoader.parse(
                  // The listener is bound before the sources are wired: a port of this test's own.
                  """
                  listen: {port: 19118}
                  synapse: {server_name: example.org}
                  logs: {enabled: false}
                  database: {host: 127.0.0.1, password_env: E2EE_TEST_UNSET_4321}
                  """,
                  "test");
      AtomicInteger stopped = new AtomicInteger();
      List<Integer> started = new ArrayList<>();
      int code =
          RunUntilStopped.run(
              new Exporter(config, Clock.systemUTC(), Map.of()),
              stopped::incrementAndGet,
              started::add);
      assertThat(code).isEqualTo(exit);
      assertThat(stopped).hasValue(1);
      assertThat(started).as("never reported as listening").isEmpty();
    }
  }
}
