package dev.e2ee.exporter.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.e2ee.exporter.config.ConfigLoader;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.replay.IncidentLog;
import dev.e2ee.exporter.source.SourceStatus;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.exporter.testing.TestConfigs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running sidecar wired from one config: the listener first, then the log and database sides
 * (each on or off), the probe, the verdicts; taken down again by one {@code close()}.
 */
class ExporterTest {
  private static final String P = "synapse_e2ee_";

  @Test
  void withEverySourceOffItServesAndSaysSo() {
    try (Exporter exporter = new Exporter(TestConfigs.noSources(), Clock.systemUTC(), Map.of())) {
      int port = exporter.start();

      assertThat(port).isPositive().isEqualTo(exporter.port());
      assertThat(exporter.sourceStatuses())
          .extracting(SourceStatus::name, SourceStatus::state)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("database", SourceStatus.State.DISABLED),
              org.assertj.core.groups.Tuple.tuple("log", SourceStatus.State.DISABLED));
      String metrics = Http.get(port, "/metrics").body();
      assertThat(metrics)
          .contains(P + "build_info{")
          .contains(
              P + "homeserver_info{database=\"off\",logs=\"off\",server_name=\"example.org\"} 1")
          .contains(P + "capture_bundles_total 0");
      assertThat(Http.get(port, "/-/ready").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theLogItTailsIsCountedInItsRegistryAndJudged(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("homeserver.log");
    IncidentLog.write(log, new IncidentLog().lines());
    ExporterConfig config =
        TestConfigs.with(
            TestConfigs.logsFrom(log, StartAt.BEGINNING), TestConfigs.disabledDatabase());

    try (Exporter exporter = new Exporter(config, Clock.systemUTC(), Map.of())) {
      int port = exporter.start();
      Await.until(
          () ->
              Scrape.of(exporter.registry()).countSeries(P + "key_uploads_total{") > 0
                  && sum(exporter, "otk_conflict") == IncidentLog.CONFLICTS,
          Duration.ofSeconds(30));

      assertThat(exporter.sourceStatuses())
          .filteredOn(s -> s.name().equals("database"))
          .singleElement()
          .satisfies(s -> assertThat(s.state()).isEqualTo(SourceStatus.State.DISABLED));
      assertThat(exporter.sourceStatuses())
          .filteredOn(s -> !s.name().equals("database"))
          .singleElement()
          .satisfies(s -> assertThat(s.state()).isEqualTo(SourceStatus.State.UP));
      assertThat(Http.get(port, "/metrics").body())
          .contains(P + "key_uploads_total{")
          .contains("outcome=\"otk_conflict\"");
    }
  }

  @Test
  void aPortAlreadyTakenFailsTheStartAndLeavesNothingRunning() {
    try (Exporter first = new Exporter(TestConfigs.noSources(), Clock.systemUTC(), Map.of())) {
      int taken = first.start();
      ExporterConfig samePort =
          ConfigLoader.parse(
              "synapse: {server_name: example.org}\n"
                  + "listen: {address: 127.0.0.1, port: "
                  + taken
                  + "}\nlogs: {enabled: false}\ndatabase: {enabled: false}\n",
              "same-port.yml");
      Exporter second = new Exporter(samePort, Clock.systemUTC(), Map.of());

      assertThatThrownBy(second::start)
          .isInstanceOf(RuntimeException.class)
          .hasStackTraceContaining("Address already in use");
      second.close();
      assertThat(second.sourceStatuses()).isEmpty();
      assertThat(Http.get(taken, "/-/healthy").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void closingTwiceIsHarmlessAndTheListenerIsGone() {
    Exporter exporter = new Exporter(TestConfigs.noSources(), Clock.systemUTC(), Map.of());
    int port = exporter.start();
    exporter.close();
    exporter.close();
    assertThatThrownBy(() -> Http.get(port, "/-/healthy")).isInstanceOf(RuntimeException.class);
  }

  /** The key uploads of {@code outcome} counted over every device. */
  private static double sum(Exporter exporter, String outcome) {
    return Scrape.of(exporter.registry())
        .text()
        .lines()
        .filter(
            l ->
                l.startsWith(P + "key_uploads_total{") && l.contains("outcome=\"" + outcome + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }
}
